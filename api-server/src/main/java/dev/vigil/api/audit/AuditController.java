package dev.vigil.api.audit;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.system.Page;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's audit trail and its integrity check, for auditors, admins and owners. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

  static final Set<String> READERS = Set.of("auditor", "admin", "owner");

  private final AuditLog log;
  private final Audit audit;

  public AuditController(AuditLog log, Audit audit) {
    this.log = log;
    this.audit = audit;
  }

  @GetMapping
  public PageView<AuditEntry> list(
      Actor actor,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    requireReader(actor, "audit.read");
    Page<AuditEntry> page = log.list(actor.tenant(), PageLimits.of(limit), cursor);
    return new PageView<>(page.items(), page.nextCursor());
  }

  @GetMapping("/verify")
  public AuditLog.Verification verify(Actor actor) {
    requireReader(actor, "audit.verify");
    return log.verify(actor.tenant());
  }

  private void requireReader(Actor actor, String action) {
    if (actor.roles().stream().noneMatch(READERS::contains)) {
      audit.record(actor, action, "audit", "denied", Map.of("roles", actor.roles()));
      throw ApiException.forbidden(
          "forbidden", "the audit trail is for the roles " + new java.util.TreeSet<>(READERS));
    }
  }
}
