package dev.vigil.workflows.incident;

import java.util.List;

/**
 * Who asks for a change: a member (with their roles in the tenant), a playbook run ({@code
 * run:<runId>}) or Vigil itself ({@code vigil}).
 *
 * @param tenant the caller's tenant; an update from another tenant is refused
 * @param user user id, {@code run:<runId>} or {@code vigil}
 * @param roles the member's roles (empty for runs and Vigil)
 */
public record IncidentActor(String tenant, String user, List<String> roles) {

  /** Vigil's own actor (SLA actions, correlation). */
  public static final String SYSTEM = "vigil";

  /** Roles that may change incidents (viewers, auditors and engineers only read them). */
  public static final List<String> CHANGERS = List.of("owner", "admin", "analyst");

  public IncidentActor {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public static IncidentActor system(String tenant) {
    return new IncidentActor(tenant, SYSTEM, List.of());
  }

  /** Runs and Vigil act on their own authority; members need an analyst role or above. */
  public boolean mayChange() {
    if (user == null || user.isBlank()) {
      return false;
    }
    if (SYSTEM.equals(user) || user.startsWith("run:")) {
      return true;
    }
    return roles.stream().anyMatch(CHANGERS::contains);
  }
}
