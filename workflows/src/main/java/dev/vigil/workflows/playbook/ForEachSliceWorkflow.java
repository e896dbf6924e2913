package dev.vigil.workflows.playbook;

import dev.vigil.workflows.playbook.engine.SliceInput;
import dev.vigil.workflows.playbook.engine.SliceResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A slice of a large {@code forEach} (more than {@link
 * dev.vigil.workflows.playbook.engine.RunEngine#SLICE_SIZE} items), run as a child of the run so
 * that each history stays small. Workflow id {@code <parent id>/<step>/slice-<n>}.
 */
@WorkflowInterface
public interface ForEachSliceWorkflow {

  /**
   * Runs the loop body for this slice's items with the loop's concurrency limit and returns each
   * iteration's output, the compensations recorded and the first failure (as data, so the parent
   * decides). Never retried.
   */
  @WorkflowMethod
  SliceResult run(SliceInput input);
}
