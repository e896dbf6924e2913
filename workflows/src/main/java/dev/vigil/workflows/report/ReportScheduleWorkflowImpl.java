package dev.vigil.workflows.report;

import dev.vigil.workflows.system.ScheduleLoop;
import dev.vigil.workflows.system.ScheduleTiming;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/** Sleeps until the next run time, starts that run's report, continues as new. */
public class ReportScheduleWorkflowImpl extends ScheduleLoop<ReportSchedule>
    implements ReportScheduleWorkflow {

  private final ReportScheduleActivities activities =
      Workflow.newActivityStub(
          ReportScheduleActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

  @Override
  public void run(ReportSchedule schedule, long lastRunMillis, boolean paused) {
    loop(schedule, lastRunMillis, paused);
  }

  @Override
  protected ScheduleTiming timing(ReportSchedule s) {
    return s.timing();
  }

  @Override
  protected void recordNext(ReportSchedule s, Instant next, boolean paused) {
    activities.next(s.tenant(), s.name(), next == null ? null : next.toString(), paused);
  }

  @Override
  protected void launch(ReportSchedule s, Instant due) {
    activities.launch(s, due.toString());
  }
}
