package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import java.util.List;
import java.util.Map;

/**
 * Result of a loop slice.
 *
 * @param outputs each iteration's output, in item order (empty when it failed or was cancelled)
 * @param undo compensations recorded by the slice, in completion order
 * @param error the first failure, or null
 * @param cancelled the slice stopped because the run was cancelled
 * @param steps the loop body's step states after the slice (its last iterations)
 * @param vars the run variables after the slice ({@code set} steps in the body)
 */
public record SliceResult(
    List<Object> outputs,
    List<UndoEntry> undo,
    StepError error,
    boolean cancelled,
    List<StepState> steps,
    Map<String, Object> vars) {

  public SliceResult {
    outputs = outputs == null ? List.of() : outputs;
    undo = undo == null ? List.of() : undo;
    steps = steps == null ? List.of() : steps;
    vars = vars == null ? Map.of() : vars;
  }
}
