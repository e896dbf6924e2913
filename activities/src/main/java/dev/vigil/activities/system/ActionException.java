package dev.vigil.activities.system;

/** An action failed; {@link #type()} is a failure type from FailureTypes or the action's own. */
public class ActionException extends RuntimeException {

  private final String type;

  public ActionException(String type, String message) {
    super(message);
    this.type = type;
  }

  public ActionException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public String type() {
    return type;
  }

  private java.time.Duration retryAfter;

  /**
   * This failure, asking to be retried no sooner than {@code delay} (a rate limit's wait, a
   * service's {@code Retry-After}); the retry policy's interval applies otherwise.
   */
  public ActionException retryAfter(java.time.Duration delay) {
    this.retryAfter = delay;
    return this;
  }

  /** The wait asked for before the next attempt, or null. */
  public java.time.Duration retryAfter() {
    return retryAfter;
  }
}
