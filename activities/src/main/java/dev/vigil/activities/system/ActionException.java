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
}
