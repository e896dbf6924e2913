package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StepError;
import java.util.List;

/**
 * Result of a loop slice.
 *
 * @param outputs each iteration's output, in item order
 * @param undo compensations recorded by the slice, in completion order
 * @param error the first failure, or null
 */
public record SliceResult(List<Object> outputs, List<UndoEntry> undo, StepError error) {}
