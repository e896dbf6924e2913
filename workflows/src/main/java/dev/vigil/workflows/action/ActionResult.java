package dev.vigil.workflows.action;

/**
 * What an action returned.
 *
 * @param output the action's output (JSON-like)
 * @param attempt the attempt that succeeded (1 = first try)
 * @param projected true when the activity recorded the step's end (see {@link StepProjection})
 */
public record ActionResult(Object output, int attempt, boolean projected) {

  public ActionResult(Object output, int attempt) {
    this(output, attempt, false);
  }
}
