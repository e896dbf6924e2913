package dev.vigil.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retention loop on Temporal's test service, with time skipping. Each execution holds one timer
 * and one activity, and the timer starts after the previous run, so a worker back from days of
 * downtime runs once. (Downtime itself cannot be simulated on the test service: it stops the clock
 * while a workflow task waits for a worker, and a stopped worker's pending poll keeps the next
 * task.)
 */
class RetentionWorkflowTest {

  static final ScriptedRetention activities = new ScriptedRetention();
  static final ScriptedReportRetention reports = new ScriptedReportRetention();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.MAINTENANCE))
          .setActivityImplementations(activities, reports)
          .build();

  static final Duration HOUR = Duration.ofHours(1);
  static final Duration DAY = Duration.ofDays(1);

  long started;

  @BeforeEach
  void reset(TestWorkflowEnvironment env) {
    activities.reset(env::currentTimeMillis);
    reports.reset(env::currentTimeMillis);
    started = env.currentTimeMillis();
  }

  static WorkflowExecution start(WorkflowClient client, Worker worker, RetentionInput input) {
    RetentionWorkflow wf =
        client.newWorkflowStub(
            RetentionWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(RetentionWorkflow.WORKFLOW_ID)
                .build());
    return WorkflowClient.start(wf::run, input);
  }

  @Test
  void runsAfterTheFirstDelayThenDailyContinuingAsNewAfterEachRun(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    WorkflowExecution first = start(client, worker, new RetentionInput(HOUR, DAY, 1000));

    env.sleep(Duration.ofMinutes(50));
    assertThat(activities.runs).as("nothing before the first delay").isEmpty();
    env.sleep(Duration.ofMinutes(15));
    await(() -> activities.runs.size() == 1);
    assertThat(activities.runs.get(0) - started).isBetween(HOUR.toMillis(), 65 * 60_000L);

    // the first execution ended in continue-as-new; the next one waits a whole interval
    List<HistoryEvent> firstHistory =
        client.fetchHistory(RetentionWorkflow.WORKFLOW_ID, first.getRunId()).getEvents();
    assertThat(firstHistory.get(firstHistory.size() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    assertThat(count(firstHistory, EventType.EVENT_TYPE_TIMER_STARTED)).isEqualTo(1);
    // event retention, then report retention
    assertThat(count(firstHistory, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).isEqualTo(2);
    assertThat(reports.runs).hasSize(1);
    assertThat(reports.runs.get(0)).isGreaterThanOrEqualTo(activities.runs.get(0));
    await(() -> !currentRunId(client).equals(first.getRunId()));
    var second =
        client
            .fetchHistory(RetentionWorkflow.WORKFLOW_ID)
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes();
    assertThat(second.getContinuedExecutionRunId()).isEqualTo(first.getRunId());
    assertThat(second.getInput().getPayloads(0).getData().toStringUtf8())
        .contains("\"chunkRows\":1000");

    env.sleep(Duration.ofHours(23));
    assertThat(activities.runs).as("not before a day has passed").hasSize(1);
    env.sleep(Duration.ofHours(2));
    await(() -> activities.runs.size() == 2);
    assertThat(activities.runs.get(1) - activities.runs.get(0))
        .isBetween(DAY.toMillis(), DAY.toMillis() + HOUR.toMillis());
    env.sleep(DAY);
    await(() -> activities.runs.size() == 3);
    await(() -> reports.runs.size() == 3);
    assertThat(status(client)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void aFailingRunIsRetriedWithBackoff(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.failNext.set(2);
    start(client, worker, new RetentionInput(Duration.ZERO, DAY, 1000));
    env.sleep(Duration.ofMinutes(5));
    await(() -> activities.runs.size() == 1);
    assertThat(activities.attempts).hasSize(3);
    // retried after one minute, then after two
    assertThat(activities.attempts.get(1) - activities.attempts.get(0)).isBetween(60_000L, 90_000L);
    assertThat(activities.attempts.get(2) - activities.attempts.get(1))
        .isBetween(120_000L, 150_000L);
  }

  @Test
  void aRunThatFailsEveryAttemptIsSkippedAndTheLoopGoesOn(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    activities.failNext.set(RetentionWorkflowImpl.OPTIONS.getRetryOptions().getMaximumAttempts());
    start(client, worker, new RetentionInput(Duration.ZERO, DAY, 1000));
    env.sleep(Duration.ofHours(1));
    await(() -> activities.attempts.size() == 6);
    assertThat(activities.runs).isEmpty();
    assertThat(status(client)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    env.sleep(DAY);
    await(() -> activities.runs.size() == 1);
    assertThat(activities.attempts).hasSize(7);
  }

  @Test
  void eventAndReportRetentionFailIndependently(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    int attempts = RetentionWorkflowImpl.OPTIONS.getRetryOptions().getMaximumAttempts();
    activities.failNext.set(attempts);
    start(client, worker, new RetentionInput(Duration.ZERO, DAY, 1000));
    env.sleep(Duration.ofHours(1));
    await(() -> reports.runs.size() == 1);
    assertThat(activities.runs).as("event retention failed every attempt").isEmpty();

    reports.failNext.set(attempts);
    env.sleep(DAY);
    await(() -> activities.runs.size() == 1);
    await(() -> reports.attempts.size() == 1 + attempts);
    env.sleep(Duration.ofHours(1));
    assertThat(reports.runs).as("the failed report run is skipped, not repeated").hasSize(1);
    assertThat(status(client)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    env.sleep(DAY);
    await(() -> reports.runs.size() == 2);
  }

  static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }

  static String currentRunId(WorkflowClient client) {
    return describe(client).getWorkflowExecutionInfo().getExecution().getRunId();
  }

  static WorkflowExecutionStatus status(WorkflowClient client) {
    return describe(client).getWorkflowExecutionInfo().getStatus();
  }

  static io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse describe(
      WorkflowClient client) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(
                    WorkflowExecution.newBuilder().setWorkflowId(RetentionWorkflow.WORKFLOW_ID))
                .build());
  }

  /** Waits (real time, up to ten seconds) for work the worker does asynchronously. */
  static void await(BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
