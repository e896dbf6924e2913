package dev.vigil.workflows.playbook;

import dev.vigil.workflows.playbook.engine.RunEngine;
import dev.vigil.workflows.playbook.engine.SliceInput;
import dev.vigil.workflows.playbook.engine.SliceResult;
import io.temporal.workflow.WorkflowInit;

/** Thin Temporal shell: a {@link RunEngine} that runs one slice of a loop. */
public class ForEachSliceWorkflowImpl implements ForEachSliceWorkflow {

  private final RunEngine engine;

  @WorkflowInit
  public ForEachSliceWorkflowImpl(SliceInput input) {
    this.engine = RunEngine.forSlice(new TemporalRunHost(), input);
  }

  @Override
  public SliceResult run(SliceInput input) {
    return engine.runSlice(input);
  }

  @Override
  public void cancel() {
    engine.cancelSlice();
  }

  @Override
  public void approvalDecided(ApprovalOutcome outcome) {
    engine.approvalOutcome(outcome);
  }
}
