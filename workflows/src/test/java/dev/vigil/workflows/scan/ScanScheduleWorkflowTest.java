package dev.vigil.workflows.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scan schedules on the time-skipping test service, their activities scripted: an interval runs on
 * time, a schedule asleep through five run times (its worker down) runs once, pausing stops runs
 * and resuming does not make them up, a cron in Europe/Berlin runs once on the days the clocks
 * change. Recorded histories must replay.
 */
class ScanScheduleWorkflowTest {

  static final Path DIR = Path.of("src/test/resources/histories-scan");

  /** 2027-03-27T00:00Z: Berlin's clocks go forward on the 28th at 02:00. */
  static final Instant T0 = Instant.parse("2027-03-27T00:00:00Z");

  static final class ScriptedSchedule implements ScanScheduleActivities {
    final List<String> queued = new CopyOnWriteArrayList<>();
    final List<String> next = new CopyOnWriteArrayList<>();

    @Override
    public String launch(ScanSchedule s, String runAt) {
      queued.add(runAt);
      return UUID.nameUUIDFromBytes((s.name() + runAt).getBytes()).toString();
    }

    @Override
    public void next(String tenant, String name, String nextRunAt, boolean paused) {
      next.add(paused ? "paused" : String.valueOf(nextRunAt));
    }
  }

  static final ScriptedSchedule schedules = new ScriptedSchedule();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.SCANS))
          .setActivityImplementations(schedules)
          .setInitialTime(T0)
          .build();

  @BeforeEach
  void reset() {
    schedules.queued.clear();
    schedules.next.clear();
  }

  static ScanSchedule every(String name, Duration d) {
    return new ScanSchedule(
        "acme", name, "10.0.0.0/29", "top-ports", null, null, d.toSeconds(), null, "ana");
  }

  static ScanScheduleWorkflow start(
      WorkflowClient client, Worker worker, Instant lastRun, ScanSchedule s) {
    ScanScheduleWorkflow wf =
        client.newWorkflowStub(
            ScanScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ScanScheduleWorkflow.id("acme", s.name()))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, s, lastRun.toEpochMilli(), false);
    return wf;
  }

  static void await(java.util.function.BooleanSupplier c) {
    RecordedHistories.await(c);
  }

  @Test
  void anIntervalRunsOnTime(TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Instant start = Instant.ofEpochMilli(env.currentTimeMillis());
    ScanScheduleWorkflow wf = start(client, worker, start, every("hourly", Duration.ofHours(1)));
    env.sleep(Duration.ofHours(3).plusMinutes(1));
    await(() -> schedules.queued.size() == 3);
    assertThat(schedules.queued)
        .containsExactly(
            start.plus(Duration.ofHours(1)).toString(),
            start.plus(Duration.ofHours(2)).toString(),
            start.plus(Duration.ofHours(3)).toString());
    assertThat(schedules.next).last().isEqualTo(start.plus(Duration.ofHours(4)).toString());
    WorkflowStub.fromTyped(wf).signal("stop");
  }

  @Test
  void asleepThroughFiveRunsItRunsOnceForTheLatest(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    // the state a schedule wakes in after Vigil was down for five and a half hours: its last run
    // that long ago, its timer overdue
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant last = now.minus(Duration.ofHours(5).plusMinutes(30));
    ScanScheduleWorkflow wf = start(client, worker, last, every("downtime", Duration.ofHours(1)));
    await(() -> schedules.queued.size() == 1 && schedules.next.size() >= 2);
    assertThat(schedules.queued).containsExactly(last.plus(Duration.ofHours(5)).toString());
    assertThat(schedules.next).last().isEqualTo(last.plus(Duration.ofHours(6)).toString());
    assertThat(every("x", Duration.ofHours(1)).timing().latestDue(last, now))
        .isEqualTo(last.plus(Duration.ofHours(5)));
    WorkflowStub.fromTyped(wf).signal("stop");
  }

  @Test
  void pausedItRunsNothingAndResumedItDoesNotMakeUpTheMissedRuns(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    ScanScheduleWorkflow wf =
        start(
            client,
            worker,
            Instant.ofEpochMilli(env.currentTimeMillis()),
            every("paused", Duration.ofHours(1)));
    await(() -> !schedules.next.isEmpty());
    wf.pause();
    await(() -> schedules.next.contains("paused"));
    env.sleep(Duration.ofHours(3));
    assertThat(schedules.queued).isEmpty();
    Instant resumedAt = Instant.ofEpochMilli(env.currentTimeMillis());
    wf.resume();
    await(() -> schedules.next.size() >= 3);
    assertThat(Instant.parse(schedules.next.get(schedules.next.size() - 1)))
        .isBetween(resumedAt.plus(Duration.ofMinutes(59)), resumedAt.plus(Duration.ofMinutes(61)));
    env.sleep(Duration.ofMinutes(61));
    await(() -> schedules.queued.size() == 1);
    WorkflowStub.fromTyped(wf).signal("stop");
    if (Boolean.getBoolean("vigil.recordHistories")) {
      RecordedHistories.save(
          client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "schedule-paused-resumed");
    }
  }

  @Test
  void aBerlinCronRunsOnceOnTheDaysTheClocksChange(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    // 02:30 every day: on 28 March 2027 it does not exist (02:00 → 03:00), on 31 October it comes
    // twice
    ScanSchedule s =
        new ScanSchedule(
            "acme",
            "nightly",
            "10.0.0.0/29",
            "discovery",
            null,
            "0 30 2 * * *",
            0,
            "Europe/Berlin",
            "ana");
    ScanScheduleWorkflow wf =
        start(client, worker, Instant.ofEpochMilli(env.currentTimeMillis()), s);
    for (int day = 0; day < 3; day++) {
      env.sleep(Duration.ofDays(1));
    }
    long end = System.currentTimeMillis() + 10_000;
    while (schedules.queued.size() < 3 && System.currentTimeMillis() < end) {
      env.sleep(Duration.ofMinutes(1));
    }
    assertThat(schedules.queued)
        .containsExactly(
            "2027-03-27T01:30:00Z", // 02:30 CET
            "2027-03-28T01:30:00Z", // the gap: 03:30 CEST, the first time after it
            "2027-03-29T00:30:00Z"); // 02:30 CEST
    WorkflowStub.fromTyped(wf).signal("stop");
    if (Boolean.getBoolean("vigil.recordHistories")) {
      RecordedHistories.save(
          client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "schedule-cron-dst");
    }
  }

  @Test
  void autumnsRepeatedHourRunsOnce() {
    ScanSchedule s =
        new ScanSchedule(
            "acme",
            "nightly",
            "10.0.0.0/29",
            "discovery",
            null,
            "0 30 2 * * *",
            0,
            "Europe/Berlin",
            "ana");
    Instant after = Instant.parse("2027-10-30T12:00:00Z");
    Instant first = s.timing().nextAfter(after);
    Instant second = s.timing().nextAfter(first);
    assertThat(first).isEqualTo(Instant.parse("2027-10-31T00:30:00Z")); // 02:30 CEST
    assertThat(second)
        .as("not again at 02:30 CET an hour later")
        .isEqualTo(Instant.parse("2027-11-01T01:30:00Z"));
    assertThat(dev.vigil.workflows.system.ScheduleTiming.problem("0 30 2 * *", 0, "UTC"))
        .contains("not a cron expression");
    assertThat(dev.vigil.workflows.system.ScheduleTiming.problem(null, 60, null))
        .contains("at least 5 minutes");
    assertThat(dev.vigil.workflows.system.ScheduleTiming.problem("0 0 * * * *", 3600, "UTC"))
        .contains("either");
    assertThat(dev.vigil.workflows.system.ScheduleTiming.problem("0 0 * * * *", 0, "Mars/Base"))
        .contains("not a timezone");
  }

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(DIR, "schedule-paused-resumed", "schedule-cron-dst")
        .filter(p -> p.getFileName().toString().startsWith("schedule-"));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)),
        ScanScheduleWorkflowImpl.class);
  }
}
