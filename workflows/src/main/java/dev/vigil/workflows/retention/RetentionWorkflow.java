package dev.vigil.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Retention for the whole installation — events, then finished reports: one workflow, id {@link
 * #WORKFLOW_ID}, on the {@code maintenance} task queue. It sleeps, applies retention once, and
 * continues as new; the Temporal test service has no Schedules, so this loop is how recurring work
 * runs on both it and a real cluster.
 */
@WorkflowInterface
public interface RetentionWorkflow {

  /** The one retention workflow of an installation (starting a second one is refused). */
  String WORKFLOW_ID = "retention/events";

  /**
   * Sleeps {@code input.delay()}, applies event retention ({@link RetentionActivities}) and then
   * report retention ({@link ReportRetentionActivities}), and continues as new with {@code
   * input.next()}. It never completes. The sleep starts after the previous run ends, so a worker
   * that was down for days runs retention once when it is back, not once per missed day. A run that
   * still fails after the activity's retries is logged and skipped, without stopping the other one;
   * the next comes one interval later.
   */
  @WorkflowMethod
  void run(RetentionInput input);
}
