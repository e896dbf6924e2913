package dev.vigil.api.system;

import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Records decisions of the API in the audit log, with where the call came from (address, user
 * agent, and how the caller authenticated) under {@code details.request}.
 */
@Component
public class Audit {

  public static final String SUCCESS = "success";
  public static final String REJECTED = "rejected";
  public static final String FAILED = "failed";
  public static final String DENIED = "denied";

  /** Set on a request once something was audited for it (see the write-audit interceptor). */
  public static final String AUDITED = Audit.class.getName() + ".audited";

  private final AuditLog log;

  public Audit(AuditLog log) {
    this.log = log;
  }

  public void record(
      Actor actor, String action, String target, String outcome, Map<String, Object> details) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("ip", actor.ip());
    request.put("userAgent", actor.userAgent());
    request.put("via", actor.via());
    append(actor.tenant(), actor.user(), action, target, outcome, details, request);
  }

  /** For calls without a signed-in caller (sign-in attempts): the request supplies the origin. */
  public void recordUnauthenticated(
      String tenant,
      String who,
      String action,
      String target,
      String outcome,
      Map<String, Object> details,
      HttpServletRequest req) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("ip", req.getRemoteAddr());
    request.put("userAgent", userAgentOf(req));
    append(tenant, who, action, target, outcome, details, request);
  }

  /** The client's User-Agent as recorded: at most 200 characters, empty when absent. */
  public static String userAgentOf(HttpServletRequest req) {
    String ua = req.getHeader("User-Agent");
    return ua == null ? "" : ua.length() > 200 ? ua.substring(0, 200) : ua;
  }

  private void append(
      String tenant,
      String who,
      String action,
      String target,
      String outcome,
      Map<String, Object> details,
      Map<String, Object> request) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (details != null) {
      d.putAll(details);
    }
    d.put("request", request);
    log.append(AuditEntry.of(tenant, who, action, target, outcome, d));
    RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
    if (attrs != null) {
      attrs.setAttribute(AUDITED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
    }
  }
}
