package dev.vigil.workflows.notify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Once a day, at {@code hourUtc}, every tenant with a route for {@code approval.digest} and
 * approvals still pending gets one digest of them (workflow id {@value #WORKFLOW_ID}, queue {@code
 * maintenance}). It sleeps until the next such hour and continues as new, so a worker down over
 * that hour sends one digest when it is back, never one per missed day.
 */
@WorkflowInterface
public interface ApprovalDigestWorkflow {

  String WORKFLOW_ID = "digest/approvals";

  @WorkflowMethod
  void run(int hourUtc);
}
