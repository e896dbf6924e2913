package dev.vigil.workflows.report;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link ReportScheduleWorkflow} asks of the worker; both are safe to retry. */
@ActivityInterface
public interface ReportScheduleActivities {

  /**
   * Queues the schedule's report for run time {@code runAt} (ISO instant) — one report per run
   * time, whatever the retries — and starts its {@link ReportWorkflow}, which e-mails it to the
   * schedule's recipients; answers the report's id.
   */
  @ActivityMethod(name = "ReportScheduleLaunch")
  String launch(ReportSchedule schedule, String runAt);

  /** Records the schedule's next run time (null: none, or paused) on its row. */
  @ActivityMethod(name = "ReportScheduleNext")
  void next(String tenant, String name, String nextRunAt, boolean paused);
}
