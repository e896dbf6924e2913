package dev.vigil.workflows.playbook;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One playbook run: interprets a pinned playbook definition step by step. Workflow id {@code
 * run/{tenant}/{runId}} ({@link StartRunInput#workflowId}); task queue {@code playbook-runs}.
 */
@WorkflowInterface
public interface PlaybookRunWorkflow {

  /**
   * Runs the playbook to its end. Returns the result when the run succeeded, was cancelled or
   * rolled back; fails the workflow (type {@code PlaybookRunFailed}, the {@link RunResult} as
   * details) when the run failed, so Temporal UI shows it red. Never retried: a run is started
   * once.
   */
  @WorkflowMethod
  RunResult run(StartRunInput input);

  /**
   * The run's whole state: status, every step's status/outcome/attempts/output/error/times and the
   * open approvals with their votes. A query because it only reads.
   */
  @QueryMethod
  RunState state();

  /**
   * An analyst's decision on an approval step. An update (not a signal) so the caller learns at
   * once whether it was accepted: {@link #validateDecide} refuses unknown steps, steps not waiting,
   * second votes, four-eyes violations and actors who are not approvers, and a refused decision
   * never enters the history. Returns the step's state after the vote.
   */
  @UpdateMethod
  StepState decide(ApprovalDecision decision);

  /** Validator of {@link #decide}; throws an {@code ApplicationFailure} whose type says why. */
  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(ApprovalDecision decision);

  /**
   * Cancels the run: running steps are cancelled; with {@code rollback} the undo of completed steps
   * then runs in reverse order and the run ends {@code rolled_back}. A signal because the caller
   * need not wait; the run's state shows the effect.
   */
  @SignalMethod
  void cancel(CancelRequest request);

  /**
   * A loop slice of this run opened an approval: the run holds it (decisions come here, to the
   * run), waits for it with the usual rules and answers the slice with {@link
   * ForEachSliceWorkflow#approvalDecided}. A signal because the slice waits for that answer, not
   * for this call; sent by the run's own slices only.
   */
  @SignalMethod
  void openSliceApproval(ApprovalRequest request);
}
