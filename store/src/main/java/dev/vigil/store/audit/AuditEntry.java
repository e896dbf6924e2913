package dev.vigil.store.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audit record: who did what to which target, and how it ended.
 *
 * @param id sequence number (0 before it is written)
 * @param outcome {@code success}, {@code denied}, {@code rejected}, {@code failed}
 */
public record AuditEntry(
    long id,
    String tenant,
    Instant at,
    String actor,
    String action,
    String target,
    String outcome,
    Map<String, Object> details) {

  public static AuditEntry of(
      String tenant,
      String actor,
      String action,
      String target,
      String outcome,
      Map<String, Object> details) {
    return new AuditEntry(0, tenant, null, actor, action, target, outcome, details);
  }
}
