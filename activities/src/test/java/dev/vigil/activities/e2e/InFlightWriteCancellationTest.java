package dev.vigil.activities.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.activities.http.FakeApi;
import dev.vigil.activities.http.FakeApi.Answer;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.projection.RunProjectionActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run cancelled with rollback while a write is in flight against a slow server: the run waits for
 * the write to finish, then compensates it — it never reports rolled_back while a write it sent can
 * still land.
 */
class InFlightWriteCancellationTest {

  static final FakeApi api = BundledPlaybookRunsTest.start();

  /** The projection is not what this test looks at. */
  public static final class NoProjection implements RunProjectionActivities {
    @Override
    public void apply(RunEvent event) {}
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      BundledPlaybookRunsTest.temporal(
          api, new Secrets(Map.of(), Map.of(), n -> null), null, new NoProjection());

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aWriteInFlightFinishesBeforeItsUndoAndTheRollbackIsReported(
      WorkflowClient client, Worker worker) throws Exception {
    api.on("POST", "/block", new Answer(201, "application/json", "{\"id\": 7}", 1500));
    api.on("DELETE", "/block", Answer.json(204, null));
    String def =
        """
        {"key": "slow-write", "title": "Slow write", "steps": [
          {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "%s/block"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "%s/block"}}}
        ]}
        """
            .formatted(api.base(), api.base());
    PinnedPlaybook pb = new PinnedPlaybook("slow-write", 1, def);
    StartRunInput input =
        RunPreparation.input(
            ActionCatalog.bundled(),
            "slow-1",
            "acme",
            pb,
            List.of(),
            Map.of(),
            RunMode.LIVE,
            "alice",
            Map.of());
    PlaybookRunWorkflow run =
        client.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(StartRunInput.workflowId("acme", "slow-1"))
                .build());
    WorkflowClient.start(run::run, input);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!api.timeline.contains("start POST /block")) {
      assertThat(System.nanoTime()).as("the write reached the server").isLessThan(end);
      Thread.sleep(10);
    }
    run.cancel(new CancelRequest(true, "bob", "wrong host"));

    RunResult r = WorkflowStub.fromTyped(run).getResult(30, TimeUnit.SECONDS, RunResult.class);
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(api.timeline)
        .containsExactly(
            "start POST /block", "end POST /block", "start DELETE /block", "end DELETE /block");
  }
}
