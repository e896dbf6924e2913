package dev.vigil.workflows.scan;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A scan schedule, durable (Temporal's Schedules are not in the embedded service, so this is a
 * workflow that sleeps and continues as new): it sleeps until the next run time, has the run's scan
 * queued and its {@link ScanWorkflow} started (a workflow of its own, not a child), and continues
 * as new after each run. Asleep through several run times (Vigil was down), it runs once, for the
 * latest of them. Paused, it runs nothing until resumed (the runs it slept through are not made
 * up). Workflow id {@code scan-schedule/{tenant}/{name}}, task queue {@code scans}.
 */
@WorkflowInterface
public interface ScanScheduleWorkflow {

  static String id(String tenant, String name) {
    return "scan-schedule/" + tenant + "/" + name;
  }

  /**
   * @param schedule what and when
   * @param lastRunMillis the run time handled last (epoch millis): the next run comes after it
   * @param paused whether it starts paused
   */
  @WorkflowMethod
  void run(ScanSchedule schedule, long lastRunMillis, boolean paused);

  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  /** Ends the schedule (it was deleted). */
  @SignalMethod
  void stop();
}
