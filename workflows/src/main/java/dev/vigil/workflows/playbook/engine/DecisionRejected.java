package dev.vigil.workflows.playbook.engine;

/**
 * A decision the run refuses. {@link #type()} is one of the {@code DECISION_*} failure types so
 * callers can map it (unknown step → 404, not waiting / duplicate → 409, not allowed → 403).
 */
public class DecisionRejected extends RuntimeException {

  private final String type;

  public DecisionRejected(String type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
