package dev.vigil.workflows.scan;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link ScanScheduleWorkflow} asks of the worker; both are safe to retry. */
@ActivityInterface
public interface ScanScheduleActivities {

  /**
   * Starts the schedule's scan for run time {@code runAt} (ISO instant): queues it and starts its
   * {@link ScanWorkflow} — one scan per run time, whatever the retries — and answers its id; null
   * when the target no longer lies inside the tenant's scope (recorded on the schedule as its last
   * error).
   */
  @ActivityMethod(name = "ScanScheduleLaunch")
  String launch(ScanSchedule schedule, String runAt);

  /** Records the schedule's next run time (null: none, or paused) on its row. */
  @ActivityMethod(name = "ScanScheduleNext")
  void next(String tenant, String name, String nextRunAt, boolean paused);
}
