package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.system.FailureTypes;
import dev.vigil.workflows.system.PayloadKeys;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.TemporalClients;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With payload encryption on, nothing of a run's inputs, definition, outputs or failures is in
 * Temporal's history in clear, and the history still replays on today's code given the keys.
 */
class EncryptedHistoryTest {

  static final PayloadKeys KEYS =
      PayloadKeys.parse("q7Zl3sTqS9mVvT3Jm1l7e8l3r2N9x0bWcQ4p5o6i7u8=", null);
  static final ScriptedActions actions = new ScriptedActions();
  static final RecordingNotifications notifications = new RecordingNotifications();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.PLAYBOOK_RUNS))
          .setActivityImplementations(actions, notifications, Runs.projection)
          .setWorkflowClientOptions(options(KEYS))
          .build();

  static WorkflowClientOptions options(PayloadKeys keys) {
    return WorkflowClientOptions.newBuilder()
        .setDataConverter(TemporalClients.dataConverter(keys))
        .build();
  }

  static final String PLAYBOOK =
      """
      {"key": "encrypted-block", "title": "Block after approval", "steps": [
        {"id": "ok", "approval": {"prompt": "Block ${{ inputs.ip }}?", "approvers": {"roles": ["analyst"]}, "timeout": "30m", "onTimeout": "%s"}},
        {"id": "block", "action": "http.request",
         "with": {"method": "POST", "url": "https://fw.example.com/block", "json": {"ip": "${{ inputs.ip }}"}}}
      ], "outputs": {"blocked": "${{ inputs.ip }}"}}
      """;

  @Test
  void historiesHoldNoPlaintextAndReplayOnlyWithTheKeys(WorkflowClient client, Worker worker)
      throws Exception {
    actions.reset();
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "enc-1",
                PLAYBOOK.formatted("approve"),
                Map.of("ip", "198.51.100.77"),
                RunMode.LIVE));
    RunResult result = Runs.result(run);
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("blocked", "198.51.100.77");
    assertThat(actions.sideEffects).containsExactly("POST https://fw.example.com/block");

    WorkflowExecutionHistory history =
        client.fetchHistory(StartRunInput.workflowId("acme", "enc-1"));
    String json = history.toJson(false);
    assertThat(json)
        .as("the history in Temporal")
        .doesNotContain("198.51.100.77")
        .doesNotContain("fw.example.com")
        .doesNotContain("encrypted-block")
        .doesNotContain("alice")
        // base64 of "binary/encrypted": every payload carries it
        .contains("YmluYXJ5L2VuY3J5cHRlZA==");

    try (TestWorkflowEnvironment withKeys =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(options(KEYS)).build())) {
      WorkflowReplayer.replayWorkflowExecution(
          history, withKeys, PlaybookRunWorkflowImpl.class, ForEachSliceWorkflowImpl.class);
    }
    try (TestWorkflowEnvironment withoutKeys = TestWorkflowEnvironment.newInstance()) {
      assertThatThrownBy(
              () ->
                  WorkflowReplayer.replayWorkflowExecution(
                      history,
                      withoutKeys,
                      PlaybookRunWorkflowImpl.class,
                      ForEachSliceWorkflowImpl.class))
          .as("without the keys the inputs cannot be read")
          .isNotNull();
    }
  }

  @Test
  void aFailedRunsTypeAndDetailsStillReachTheCallerWhileTheMessageIsEncrypted(
      WorkflowClient client, Worker worker) {
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "enc-2", PLAYBOOK.formatted("fail"), Map.of("ip", "198.51.100.78"), RunMode.LIVE));
    assertThatThrownBy(() -> Runs.result(run))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e -> {
              ApplicationFailure af = (ApplicationFailure) e.getCause();
              assertThat(af.getType()).isEqualTo(FailureTypes.RUN_FAILED);
              RunResult details = af.getDetails().get(0, RunResult.class, RunResult.class);
              assertThat(details.error().type()).isEqualTo(FailureTypes.APPROVAL_TIMED_OUT);
            });
    String json = client.fetchHistory(StartRunInput.workflowId("acme", "enc-2")).toJson(false);
    assertThat(json).doesNotContain("198.51.100.78").doesNotContain("no decision on");
  }
}
