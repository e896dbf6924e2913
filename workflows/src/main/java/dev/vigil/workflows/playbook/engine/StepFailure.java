package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.StepError;

/** A step failed; carries the error the run reports and the attempts made. */
public class StepFailure extends RuntimeException {

  private final StepError error;
  private final int attempts;

  public StepFailure(StepError error, int attempts) {
    super(error.message(), null, false, false);
    this.error = error;
    this.attempts = attempts;
  }

  public StepFailure(String type, String message) {
    this(new StepError(type, message, null, null), 0);
  }

  /** A failure located at {@code pointer} in the definition, before any attempt. */
  public static StepFailure at(String type, String message, String pointer) {
    return new StepFailure(new StepError(type, message, pointer, null), 0);
  }

  /**
   * Runs a size check of {@link dev.vigil.playbook.limits.Limits}; a value over its limit fails the
   * step at {@code pointer}.
   */
  static void within(Runnable check, String pointer) {
    try {
      check.run();
    } catch (dev.vigil.playbook.limits.LimitExceededException e) {
      throw at(dev.vigil.workflows.system.FailureTypes.LIMIT_EXCEEDED, e.getMessage(), pointer);
    }
  }

  public StepError error() {
    return error;
  }

  public int attempts() {
    return attempts;
  }
}
