package dev.vigil.workflows.report;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A report schedule, durable: it sleeps until the next run time, has that run's report queued and
 * its {@link ReportWorkflow} started (a workflow of its own, which e-mails the report when it is
 * generated), and continues as new after each run. Asleep through several run times, it runs once,
 * for the latest; paused, it runs nothing until resumed. Workflow id {@code
 * report-schedule/{tenant}/{name}}, task queue {@code reports}.
 */
@WorkflowInterface
public interface ReportScheduleWorkflow {

  static String id(String tenant, String name) {
    return "report-schedule/" + tenant + "/" + name;
  }

  /**
   * @param schedule what and when
   * @param lastRunMillis the run time handled last (epoch millis): the next run comes after it
   * @param paused whether it starts paused
   */
  @WorkflowMethod
  void run(ReportSchedule schedule, long lastRunMillis, boolean paused);

  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  /** Sends the report once now (for the period ending now); the schedule's times stay. */
  @SignalMethod
  void runNow();

  /** Ends the schedule (it was deleted). */
  @SignalMethod
  void stop();
}
