package dev.vigil.api.audit;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.QueryParams;
import dev.vigil.api.system.Requires;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditFilter;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.system.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's audit trail and its integrity check, for auditors, admins and owners. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

  private final AuditLog log;
  private final Audit audit;

  public AuditController(AuditLog log, Audit audit) {
    this.log = log;
    this.audit = audit;
  }

  @GetMapping
  @Requires(Permission.AUDIT_READ)
  public PageView<AuditEntry> list(
      Actor caller,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    AuditFilter filter =
        new AuditFilter(
            action,
            actor,
            outcome,
            QueryParams.instant("from", from),
            QueryParams.instant("to", to));
    Page<AuditEntry> page = log.list(caller.tenant(), filter, PageLimits.of(limit), cursor);
    return PageView.of(page);
  }

  @GetMapping("/verify")
  @Requires(Permission.AUDIT_READ)
  public AuditLog.Verification verify(Actor actor) {
    return log.verify(actor.tenant());
  }
}
