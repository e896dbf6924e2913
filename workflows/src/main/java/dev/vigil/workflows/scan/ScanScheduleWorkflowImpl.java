package dev.vigil.workflows.scan;

import dev.vigil.workflows.system.ScheduleLoop;
import dev.vigil.workflows.system.ScheduleTiming;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * Sleeps until the next run time, starts that run's scan, continues as new ({@link ScheduleLoop}).
 */
public class ScanScheduleWorkflowImpl extends ScheduleLoop<ScanSchedule>
    implements ScanScheduleWorkflow {

  private final ScanScheduleActivities activities =
      Workflow.newActivityStub(
          ScanScheduleActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

  @Override
  public void run(ScanSchedule schedule, long lastRunMillis, boolean paused) {
    loop(schedule, lastRunMillis, paused);
  }

  @Override
  protected ScheduleTiming timing(ScanSchedule s) {
    return s.timing();
  }

  @Override
  protected void recordNext(ScanSchedule s, Instant next, boolean paused) {
    activities.next(s.tenant(), s.name(), next == null ? null : next.toString(), paused);
  }

  @Override
  protected void launch(ScanSchedule s, Instant due) {
    activities.launch(s, due.toString()); // the scan is a workflow of its own
  }
}
