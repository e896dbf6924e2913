package dev.vigil.playbook.limits;

/**
 * A definition, an expression or a run value is larger than one of the {@link Limits}. The message
 * names the value and the limit in words ("step output exceeds 256 KiB"); {@link #limit()} is the
 * name of the constant, for callers that map limits to failure types or metrics. Not retryable: the
 * same input exceeds the same limit again.
 */
public class LimitExceededException extends RuntimeException {

  private final String limit;

  public LimitExceededException(String limit, String message) {
    super(message);
    this.limit = limit;
  }

  /** The name of the {@link Limits} constant exceeded, e.g. {@code MAX_STEP_OUTPUT_BYTES}. */
  public String limit() {
    return limit;
  }
}
