package dev.vigil.workflows.playbook;

import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.Map;

/** Starting runs and reading their histories in Temporal tests. */
final class Runs {

  private Runs() {}

  /** A Temporal test environment (time skipping) running the run workflows on these activities. */
  static final RecordingProjection projection = new RecordingProjection();

  static io.temporal.testing.TestWorkflowExtension temporal(
      ScriptedActions actions, RecordingNotifications notifications) {
    return io.temporal.testing.TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(
            dev.vigil.workflows.system.WorkflowTypes.on(
                dev.vigil.workflows.system.TaskQueues.PLAYBOOK_RUNS))
        .setActivityImplementations(actions, notifications, projection)
        .build();
  }

  static StartRunInput input(
      String runId,
      String definition,
      Map<String, Object> inputs,
      RunMode mode,
      PinnedPlaybook... children) {
    PinnedPlaybook playbook = new PinnedPlaybook(keyOf(definition), 1, definition);
    return new StartRunInput(
        runId,
        "acme",
        playbook,
        List.of(children),
        inputs,
        mode,
        "alice",
        Map.of(),
        RunPreparation.pinActions(
            dev.vigil.playbook.catalog.ActionCatalog.bundled(), playbook, List.of(children)));
  }

  static String keyOf(String definition) {
    try {
      return dev.vigil.playbook.json.Json.parse(definition).path("key").asText();
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static PlaybookRunWorkflow start(WorkflowClient client, String taskQueue, StartRunInput input) {
    PlaybookRunWorkflow stub =
        client.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(StartRunInput.workflowId(input.tenant(), input.runId()))
                .build());
    WorkflowClient.start(stub::run, input);
    return stub;
  }

  static RunResult result(PlaybookRunWorkflow stub) {
    return WorkflowStub.fromTyped(stub).getResult(RunResult.class);
  }

  static long count(WorkflowClient client, String workflowId, EventType type) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .count();
  }

  static int historyLength(WorkflowClient client, String workflowId) {
    return client.fetchHistory(workflowId).getEvents().size();
  }
}
