package dev.vigil.workflows.retention;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism guard: every history in {@code src/test/resources/histories-retention} (one execution
 * each, ending in continue-as-new) must replay on today's retention workflow. Re-record with {@code
 * mvn verify -pl workflows -am -Dtest=RetentionReplayTest -Dvigil.recordHistories=true} only when a
 * change is meant to be incompatible (and then put it behind {@code Workflow.getVersion});
 * histories already recorded are kept.
 */
class RetentionReplayTest {

  static final Path DIR = Path.of("src/test/resources/histories-retention");

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(DIR, "daily-run", "run-failed-after-retries");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history), RetentionWorkflow.WORKFLOW_ID),
        RetentionWorkflowImpl.class);
  }

  static final ScriptedRetention activities = new ScriptedRetention();
  static final ScriptedReportRetention reports = new ScriptedReportRetention();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.MAINTENANCE))
          .setActivityImplementations(activities, reports)
          .build();

  @Test
  @EnabledIfSystemProperty(named = "vigil.recordHistories", matches = "true")
  void recordHistories(TestWorkflowEnvironment env, WorkflowClient client, Worker worker)
      throws IOException {
    activities.reset(env::currentTimeMillis);
    reports.reset(env::currentTimeMillis);
    WorkflowExecution daily = start(client, worker, "retention/events", RetentionInput.DAILY);
    env.sleep(Duration.ofMinutes(11));
    RetentionWorkflowTest.await(() -> reports.runs.size() == 1);
    save(client, daily, "daily-run-with-reports");

    activities.reset(env::currentTimeMillis);
    reports.reset(env::currentTimeMillis);
    activities.failNext.set(RetentionWorkflowImpl.OPTIONS.getRetryOptions().getMaximumAttempts());
    WorkflowExecution failing = start(client, worker, "retention/failing", RetentionInput.DAILY);
    env.sleep(Duration.ofHours(1));
    RetentionWorkflowTest.await(() -> activities.attempts.size() == 6);
    save(client, failing, "run-failed-after-retries");

    activities.reset(env::currentTimeMillis);
    reports.reset(env::currentTimeMillis);
    reports.failNext.set(RetentionWorkflowImpl.OPTIONS.getRetryOptions().getMaximumAttempts());
    WorkflowExecution reportsFailing =
        start(client, worker, "retention/reports-failing", RetentionInput.DAILY);
    env.sleep(Duration.ofHours(1));
    RetentionWorkflowTest.await(() -> reports.attempts.size() == 6);
    save(client, reportsFailing, "report-run-failed-after-retries");
  }

  static WorkflowExecution start(
      WorkflowClient client, Worker worker, String id, RetentionInput input) {
    RetentionWorkflow wf =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(id)
                .build());
    return WorkflowClient.start(wf::run, input);
  }

  /** The first execution's history, once it has continued as new. */
  private static void save(WorkflowClient client, WorkflowExecution execution, String name)
      throws IOException {
    RetentionWorkflowTest.await(() -> RecordedHistories.continued(client, execution));
    RecordedHistories.save(client, execution, DIR, name);
  }
}
