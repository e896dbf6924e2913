package dev.vigil.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The hand-written comparison: the same activity called {@code steps} times, nothing else. */
@WorkflowInterface
public interface BaselineWorkflow {

  /** Calls ExecuteAction(core.echo) {@code steps} times in sequence; returns the count. */
  @WorkflowMethod
  int run(int steps);
}
