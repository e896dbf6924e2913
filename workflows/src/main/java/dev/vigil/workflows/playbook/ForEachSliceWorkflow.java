package dev.vigil.workflows.playbook;

import dev.vigil.workflows.playbook.engine.SliceInput;
import dev.vigil.workflows.playbook.engine.SliceResult;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A slice of a large {@code forEach} (more than {@link
 * dev.vigil.workflows.playbook.engine.RunEngine#SLICE_SIZE} items), run as a child of the run so
 * that each history stays small. Workflow id {@code <parent id>/<loop path><step>/slice-<n>}.
 * Approvals opened in the slice are held by the run ({@link
 * PlaybookRunWorkflow#openSliceApproval}); the run projects the step states the slice reports.
 */
@WorkflowInterface
public interface ForEachSliceWorkflow {

  /**
   * Runs the loop body for this slice's items with the loop's concurrency limit and returns each
   * iteration's output, the compensations recorded, the body's step states, the variables and the
   * first failure or the cancellation (as data, so the parent decides). Never retried.
   */
  @WorkflowMethod
  SliceResult run(SliceInput input);

  /**
   * The run was cancelled: cancel the iterations in flight, wait until they stopped and return what
   * they did (the run rolls it back when asked). A signal, not Temporal cancellation, so the result
   * still reaches the run.
   */
  @SignalMethod
  void cancel();

  /** The run's answer to an approval this slice handed over. */
  @SignalMethod
  void approvalDecided(ApprovalOutcome outcome);
}
