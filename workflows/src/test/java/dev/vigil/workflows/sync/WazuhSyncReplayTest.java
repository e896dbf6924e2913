package dev.vigil.workflows.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism guard: every history in {@code src/test/resources/histories-sync} must replay on
 * today's {@link WazuhSyncWorkflowImpl}. Re-record with {@code mvn verify -pl workflows -am
 * -Dtest=WazuhSyncReplayTest -Dvigil.recordHistories=true} only when a change is meant to be
 * incompatible (and then put it behind {@code Workflow.getVersion}); histories already recorded are
 * kept. The recorded runs cover an outage with backoff and catch-up, pause, resume and sync now,
 * continue-as-new after its rounds, and the end when the connection is gone.
 */
class WazuhSyncReplayTest {

  static final Path DIR = Path.of("src/test/resources/histories-sync");

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(DIR, "outage-signals-continued", "connection-gone");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history), "sync/acme/soc"),
        WazuhSyncWorkflowImpl.class);
  }

  /** Passes as a manager would answer them: an outage of the alerts, then a backlog. */
  static final class Scripted implements WazuhSyncActivities {
    final AtomicInteger alertsFailures = new AtomicInteger();
    final AtomicInteger backlog = new AtomicInteger();
    final AtomicInteger alertCalls = new AtomicInteger();
    volatile boolean gone;

    @Override
    public SyncPass agents(String tenant, String connection) {
      if (gone) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no connection '" + connection + "'", "ConnectionNotFound");
      }
      return new SyncPass(11, false);
    }

    @Override
    public SyncPass sca(String tenant, String connection) {
      return new SyncPass(4, false);
    }

    @Override
    public SyncPass alerts(String tenant, String connection, int maxPages) {
      alertCalls.incrementAndGet();
      if (alertsFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw ApplicationFailure.newFailure(
            "POST /wazuh-alerts-4.x-*/_search failed: HTTP 503", "WazuhUnavailable");
      }
      int left = backlog.getAndUpdate(n -> Math.max(0, n - 1));
      return new SyncPass(left > 0 ? 1000 : 3, left > 1);
    }
  }

  static final Scripted activities = new Scripted();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.INTEGRATIONS))
          .setActivityImplementations(activities)
          .build();

  @Test
  @EnabledIfSystemProperty(named = "vigil.recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws IOException {
    // the alerts fail through their retries twice (an outage), then catch up a backlog
    activities.alertsFailures.set(6);
    activities.backlog.set(14);
    WorkflowExecution outage = start(client, worker, "sync/acme/soc");
    WazuhSyncWorkflow wf = client.newWorkflowStub(WazuhSyncWorkflow.class, "sync/acme/soc");
    env.sleep(Duration.ofMinutes(3));
    wf.pause();
    env.sleep(Duration.ofMinutes(10));
    wf.resume();
    env.sleep(Duration.ofMinutes(2));
    wf.syncNow();
    env.sleep(Duration.ofHours(3));
    RecordedHistories.await(() -> RecordedHistories.continued(client, outage));
    assertThat(activities.backlog.get()).isZero();
    RecordedHistories.save(client, outage, DIR, "outage-signals-continued");

    activities.gone = true;
    WorkflowExecution gone = start(client, worker, "sync/acme/gone");
    WorkflowStub.fromTyped(client.newWorkflowStub(WazuhSyncWorkflow.class, "sync/acme/gone"))
        .getResult(Void.class);
    RecordedHistories.save(client, gone, DIR, "connection-gone");
  }

  static WorkflowExecution start(WorkflowClient client, Worker worker, String id) {
    WazuhSyncWorkflow wf =
        client.newWorkflowStub(
            WazuhSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(id)
                .build());
    return WorkflowClient.start(wf::run, WazuhSyncState.start("acme", "soc"));
  }
}
