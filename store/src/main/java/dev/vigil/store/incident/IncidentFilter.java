package dev.vigil.store.incident;

/**
 * Filters of the incident list; null means "any". {@code status} may be {@code open} (every status
 * but resolved and closed); {@code q} is full-text over title, description, comments and
 * observables.
 */
public record IncidentFilter(
    String status,
    String severity,
    String assignee,
    String entity,
    String rule,
    Boolean breached,
    String tag,
    String q) {

  public static final IncidentFilter ANY =
      new IncidentFilter(null, null, null, null, null, null, null, null);
}
