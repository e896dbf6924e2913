package dev.vigil.workflows.playbook;

import dev.vigil.workflows.playbook.engine.RunEngine;
import dev.vigil.workflows.playbook.engine.SliceInput;
import dev.vigil.workflows.playbook.engine.SliceResult;

/** Thin Temporal shell: a {@link RunEngine} that runs one slice of a loop. */
public class ForEachSliceWorkflowImpl implements ForEachSliceWorkflow {

  @Override
  public SliceResult run(SliceInput input) {
    return new RunEngine(new TemporalRunHost(), input.run()).runSlice(input);
  }
}
