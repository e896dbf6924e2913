package dev.vigil.workflows.report;

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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Report schedules on the time-skipping test service, their activities scripted: a weekly cron in
 * Europe/Berlin sends on Monday mornings across the spring clock change, each report covering the
 * week before it; "run now" sends once and keeps the schedule's own times; the periods are calendar
 * periods of the schedule's timezone. Recorded histories must replay.
 */
class ReportScheduleWorkflowTest {

  static final Path DIR = Path.of("src/test/resources/histories-report");

  /** Saturday 2027-03-27T00:00Z: Berlin's clocks go forward on Sunday the 28th. */
  static final Instant T0 = Instant.parse("2027-03-27T00:00:00Z");

  static final class Scripted implements ReportScheduleActivities {
    final List<String> launched = new CopyOnWriteArrayList<>();
    final List<String> next = new CopyOnWriteArrayList<>();

    @Override
    public String launch(ReportSchedule s, String runAt) {
      launched.add(runAt);
      return "r-" + launched.size();
    }

    @Override
    public void next(String tenant, String name, String nextRunAt, boolean paused) {
      next.add(paused ? "paused" : String.valueOf(nextRunAt));
    }
  }

  static final Scripted schedules = new Scripted();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.REPORTS))
          .setActivityImplementations(schedules)
          .setInitialTime(T0)
          .build();

  @BeforeEach
  void reset() {
    schedules.launched.clear();
    schedules.next.clear();
  }

  static ReportSchedule weekly(String name, String period) {
    return new ReportSchedule(
        "acme",
        name,
        "executive_summary",
        "pdf",
        period,
        "mail",
        List.of("ciso@example.org"),
        "0 0 8 * * MON",
        0,
        "Europe/Berlin",
        "ana");
  }

  static ReportScheduleWorkflow start(WorkflowClient client, Worker worker, ReportSchedule s) {
    ReportScheduleWorkflow wf =
        client.newWorkflowStub(
            ReportScheduleWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReportScheduleWorkflow.id("acme", s.name()))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, s, T0.toEpochMilli(), false);
    return wf;
  }

  @Test
  void aWeeklySummaryGoesOutOnMondayMorningsInBerlin(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    ReportScheduleWorkflow wf = start(client, worker, weekly("weekly", "week"));
    env.sleep(Duration.ofDays(10));
    RecordedHistories.await(() -> schedules.launched.size() == 2);
    assertThat(schedules.launched)
        .containsExactly(
            "2027-03-29T06:00:00Z", // 08:00 CEST, the day after the clocks went forward
            "2027-04-05T06:00:00Z");
    assertThat(schedules.next).last().isEqualTo("2027-04-12T06:00:00Z");
    WorkflowStub.fromTyped(wf).signal("stop");
    RecordedHistories.save(
        client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "report-schedule-weekly");
  }

  @Test
  void runNowSendsOnceAndKeepsTheScheduleTimes(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    ReportScheduleWorkflow wf = start(client, worker, weekly("on-demand", "week"));
    RecordedHistories.await(() -> !schedules.next.isEmpty());
    env.sleep(Duration.ofHours(3));
    wf.runNow();
    RecordedHistories.await(() -> schedules.launched.size() == 1);
    assertThat(Instant.parse(schedules.launched.get(0)))
        .isBetween(T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(4)));
    RecordedHistories.await(() -> schedules.next.size() >= 2);
    assertThat(schedules.next).containsOnly("2027-03-29T06:00:00Z");
    WorkflowStub.fromTyped(wf).signal("stop");
    RecordedHistories.save(
        client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "report-schedule-run-now");
  }

  @Test
  void eachRunReportsOnTheCalendarPeriodBeforeItInTheSchedulesTimezone() {
    // the week before Monday 29 March 08:00 Berlin starts Monday 22 March 08:00 CET: 167 hours
    Instant monday = Instant.parse("2027-03-29T06:00:00Z");
    assertThat(weekly("w", "week").periodBefore(monday))
        .isEqualTo(Map.of("from", "2027-03-22T07:00:00Z", "to", "2027-03-29T06:00:00Z"));
    // 1 March 08:00 CET: February, 28 days
    Instant march = Instant.parse("2027-03-01T07:00:00Z");
    assertThat(weekly("m", "month").periodBefore(march))
        .isEqualTo(Map.of("from", "2027-02-01T07:00:00Z", "to", "2027-03-01T07:00:00Z"));
    assertThat(weekly("d", "day").periodBefore(monday))
        .isEqualTo(Map.of("from", "2027-03-28T06:00:00Z", "to", "2027-03-29T06:00:00Z"));
  }

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(DIR, "report-schedule-weekly", "report-schedule-run-now")
        .filter(p -> p.getFileName().toString().startsWith("report-schedule-"));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)),
        ReportScheduleWorkflowImpl.class);
  }
}
