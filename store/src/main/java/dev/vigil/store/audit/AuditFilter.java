package dev.vigil.store.audit;

import java.time.Instant;

/**
 * Narrows an audit listing; null fields do not filter.
 *
 * @param from records at or after
 * @param to records before
 */
public record AuditFilter(String action, String actor, String outcome, Instant from, Instant to) {
  public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null);
}
