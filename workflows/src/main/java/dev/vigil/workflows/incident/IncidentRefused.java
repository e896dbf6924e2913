package dev.vigil.workflows.incident;

import java.util.List;

/**
 * A change the incident refuses, with the reason's type ({@link
 * dev.vigil.workflows.system.FailureTypes}) and, for illegal transitions, the allowed statuses.
 */
public final class IncidentRefused extends RuntimeException {

  private final String type;
  private final List<String> allowed;

  public IncidentRefused(String type, String message) {
    this(type, message, List.of());
  }

  public IncidentRefused(String type, String message, List<String> allowed) {
    super(message, null, false, false);
    this.type = type;
    this.allowed = List.copyOf(allowed);
  }

  public String type() {
    return type;
  }

  public List<String> allowed() {
    return allowed;
  }
}
