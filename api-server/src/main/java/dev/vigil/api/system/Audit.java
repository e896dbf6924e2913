package dev.vigil.api.system;

import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Records decisions of the API in the audit log. */
@Component
public class Audit {

  public static final String SUCCESS = "success";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";

  private final AuditLog log;

  public Audit(AuditLog log) {
    this.log = log;
  }

  public void record(
      Actor actor, String action, String target, String outcome, Map<String, Object> details) {
    log.append(AuditEntry.of(actor.tenant(), actor.user(), action, target, outcome, details));
  }
}
