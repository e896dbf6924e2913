package dev.vigil.store.detection;

import java.time.Instant;

/**
 * Filters of the alert list; null means "any". {@code from}/{@code to} bound lastSeen; {@code
 * incident} keeps the alerts of one incident.
 */
public record AlertFilter(
    String rule,
    String severity,
    String status,
    String entity,
    Instant from,
    Instant to,
    String incident) {

  public AlertFilter(
      String rule, String severity, String status, String entity, Instant from, Instant to) {
    this(rule, severity, status, entity, from, to, null);
  }
}
