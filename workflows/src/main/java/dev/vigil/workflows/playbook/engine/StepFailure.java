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

  public StepError error() {
    return error;
  }

  public int attempts() {
    return attempts;
  }
}
