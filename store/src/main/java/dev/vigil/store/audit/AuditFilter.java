package dev.vigil.store.audit;

import java.time.Instant;

/**
 * Narrows an audit listing; null fields do not filter.
 *
 * @param from records at or after
 * @param to records before
 * @param target records about this target (e.g. {@code file:<id>})
 */
public record AuditFilter(
    String action, String actor, String outcome, Instant from, Instant to, String target) {
  public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

  /** Any target. */
  public AuditFilter(String action, String actor, String outcome, Instant from, Instant to) {
    this(action, actor, outcome, from, to, null);
  }
}
