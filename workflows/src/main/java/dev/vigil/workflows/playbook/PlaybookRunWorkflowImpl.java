package dev.vigil.workflows.playbook;

import dev.vigil.workflows.playbook.engine.DecisionRejected;
import dev.vigil.workflows.playbook.engine.RunEngine;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;

/** Thin Temporal shell around {@link RunEngine}; all control flow lives in the engine. */
public class PlaybookRunWorkflowImpl implements PlaybookRunWorkflow {

  private final RunEngine engine;

  @WorkflowInit
  public PlaybookRunWorkflowImpl(StartRunInput input) {
    this.engine = new RunEngine(new TemporalRunHost(), input);
  }

  @Override
  public RunResult run(StartRunInput input) {
    RunResult result = engine.run();
    Workflow.await(Workflow::isEveryHandlerFinished);
    if (result.status() == RunStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          result.error() == null ? "run failed" : result.error().message(),
          FailureTypes.RUN_FAILED,
          result);
    }
    return result;
  }

  @Override
  public RunState state() {
    return engine.state();
  }

  @Override
  public StepState decide(ApprovalDecision decision) {
    return engine.applyDecision(decision);
  }

  @Override
  public void validateDecide(ApprovalDecision decision) {
    try {
      engine.validateTenant(decision);
      engine.validateDecision(decision);
    } catch (DecisionRejected e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }

  @Override
  public void cancel(CancelRequest request) {
    engine.requestCancel(request);
  }

  @Override
  public void openSliceApproval(ApprovalRequest request) {
    engine.approvalFromSlice(request);
  }
}
