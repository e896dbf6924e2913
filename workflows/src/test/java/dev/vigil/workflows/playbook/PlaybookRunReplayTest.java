package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism guard: every history recorded in {@code src/test/resources/histories} must replay on
 * today's workflow code. Re-record with {@code mvn test -pl workflows -am
 * -Dtest=PlaybookRunReplayTest -Dvigil.recordHistories=true} only when a change is meant to be
 * incompatible (and then put it behind {@code Workflow.getVersion}).
 */
class PlaybookRunReplayTest {

  static final Path DIR = Path.of("src/test/resources/histories");

  static Stream<Path> histories() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).as("recorded histories").hasSizeGreaterThanOrEqualTo(4);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    // file name: <scenario>@<runId>.json; child workflow ids derive from the run's own id
    String name = history.getFileName().toString();
    String runId = name.substring(name.indexOf('@') + 1, name.length() - ".json".length());
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(
            Files.readString(history), StartRunInput.workflowId("acme", runId)),
        PlaybookRunWorkflowImpl.class,
        ForEachSliceWorkflowImpl.class);
  }

  static final ScriptedActions actions = new ScriptedActions();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Runs.temporal(actions, new RecordingNotifications());

  @Test
  @EnabledIfSystemProperty(named = "vigil.recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws IOException {
    String q = worker.getTaskQueue();

    String approval =
        PlaybookRunWorkflowTest.APPROVAL.formatted(
            "\"quorum\": 2, \"timeout\": \"4h\", \"escalate\": [{\"after\": \"30m\", \"notify\": [\"role:soc-lead\"]}]");
    PlaybookRunWorkflow a =
        Runs.start(
            client, q, Runs.input("approval", approval, Map.of("ip", "203.0.113.5"), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(a, s -> s.status() == RunStatus.WAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(40));
    a.decide(new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), "yes"));
    a.decide(new ApprovalDecision("acme", "ok", "approve", "carol", List.of("analyst"), null));
    Runs.result(a);
    save(client, "approval", "approval-quorum-escalation");

    String flow =
        """
        {"key": "flow", "title": "Flow", "steps": [
          {"id": "s", "set": {"hosts": "${{ inputs.hosts }}"}},
          {"id": "each", "forEach": "${{ vars.hosts }}", "concurrency": 2, "do": [
            {"id": "scan", "action": "core.echo", "with": {"h": "${{ item }}"}}]},
          {"id": "fan", "join": "any", "parallel": [
            [{"id": "fast", "action": "core.echo", "with": {"x": 1}}],
            [{"id": "nap", "wait": {"duration": "1h"}}]]},
          {"id": "pick", "if": "${{ size(steps.each.output) > 2 }}",
           "then": [{"id": "sub", "playbook": "child-pb", "with": {"n": 2}}],
           "else": [{"id": "none", "action": "core.log", "with": {"message": "few"}}]},
          {"id": "oops", "fail": "stop", "onError": [{"id": "handled", "action": "core.log", "with": {"message": "${{ error.message }}"}}]}
        ]}
        """;
    String child =
        "{\"key\": \"child-pb\", \"title\": \"c\", \"steps\": [{\"id\": \"c\", \"action\": \"core.echo\", \"with\": {\"n\": \"${{ inputs.n }}\"}}]}";
    Runs.result(
        Runs.start(
            client,
            q,
            Runs.input(
                "flow",
                flow,
                Map.of("hosts", List.of("a", "b", "c")),
                RunMode.LIVE,
                new PinnedPlaybook("child-pb", 1, child))));
    save(client, "flow", "control-flow");

    String rollback =
        """
        {"key": "rollback", "title": "Rollback", "rollbackOnFailure": true, "steps": [
          {"id": "one", "action": "http.request", "with": {"method": "POST", "url": "https://x.example.com/a"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://x.example.com/a"}}},
          {"id": "two", "action": "core.echo", "with": {"failTimes": 1}, "retry": {"maxAttempts": 2, "initialInterval": "1s"}},
          {"id": "boom", "fail": "failing on purpose"}
        ]}
        """;
    Runs.result(Runs.start(client, q, Runs.input("rollback", rollback, Map.of(), RunMode.LIVE)));
    save(client, "rollback", "rollback-on-failure");

    String cancel =
        """
        {"key": "cancel-me", "title": "Cancel", "steps": [
          {"id": "one", "action": "core.echo", "with": {}, "undo": {"action": "core.log", "with": {"message": "undo"}}},
          {"id": "ok", "approval": {"prompt": "go?", "approvers": {"users": ["bob"]}}}
        ]}
        """;
    PlaybookRunWorkflow c =
        Runs.start(client, q, Runs.input("cancel", cancel, Map.of(), RunMode.LIVE));
    PlaybookRunWorkflowTest.awaitState(c, s -> s.status() == RunStatus.WAITING_APPROVAL);
    c.cancel(new CancelRequest(true, "bob", "test"));
    Runs.result(c);
    save(client, "cancel", "cancel-with-rollback");
  }

  private static void save(WorkflowClient client, String runId, String name) throws IOException {
    Files.createDirectories(DIR);
    Files.writeString(
        DIR.resolve(name + "@" + runId + ".json"),
        client.fetchHistory(StartRunInput.workflowId("acme", runId)).toJson(true));
  }
}
