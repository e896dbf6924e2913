package dev.vigil.api.identity;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.RequestIdFilter;
import dev.vigil.api.system.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Enforces each endpoint's {@link Requires} permission and audits what the endpoints themselves do
 * not: a refused permission is recorded as {@code denied}, and every state-changing request that
 * reached an endpoint without being audited there (a 400, 404 or 422, for instance) is recorded
 * with its status.
 */
@Component
public class AuthorizationInterceptor implements HandlerInterceptor {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final Actors actors;
  private final Audit audit;
  private final Entitlements entitlements;

  public AuthorizationInterceptor(Actors actors, Audit audit, Entitlements entitlements) {
    this.actors = actors;
    this.audit = audit;
    this.entitlements = entitlements;
  }

  @Override
  public boolean preHandle(HttpServletRequest req, HttpServletResponse res, Object handler) {
    if (!(handler instanceof HandlerMethod hm) || hm.hasMethodAnnotation(Public.class)) {
      return true;
    }
    Requires requires = hm.getMethodAnnotation(Requires.class);
    if (requires == null) {
      return true; // not an API endpoint (the start-up check ensures every API endpoint has one)
    }
    Actor actor = actors.current(req);
    RequestIdFilter.tenant(actor.tenant());
    Permission p = requires.value();
    if (!actor.can(p)) {
      audit.record(
          actor,
          p.key(),
          req.getRequestURI(),
          Audit.DENIED,
          Map.of("roles", actor.roles(), "method", req.getMethod()));
      throw ApiException.forbidden(
          "forbidden",
          p == Permission.TENANT_MANAGE
              ? "only platform owners may manage tenants"
              : "your role "
                  + actor.roles()
                  + " in tenant '"
                  + actor.tenant()
                  + "' does not allow "
                  + p.key());
    }
    PlanModule module = hm.getMethodAnnotation(PlanModule.class);
    if (module == null) {
      module = hm.getBeanType().getAnnotation(PlanModule.class);
    }
    if (module != null) {
      entitlements.requireModule(actor.tenant(), module.value());
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest req, HttpServletResponse res, Object handler, Exception ex) {
    if (READS.contains(req.getMethod())
        || req.getAttribute(Audit.AUDITED) != null
        || !(handler instanceof HandlerMethod hm)
        || !hm.hasMethodAnnotation(Requires.class)) {
      return;
    }
    Actor actor = actors.currentOrNull(req);
    if (actor == null) {
      return;
    }
    int status = res.getStatus();
    audit.record(
        actor,
        "http." + req.getMethod().toLowerCase(java.util.Locale.ROOT),
        pattern(req),
        status < 400 ? Audit.SUCCESS : status < 500 ? Audit.REJECTED : Audit.FAILED,
        Map.of("status", status, "path", req.getRequestURI()));
  }

  private static String pattern(HttpServletRequest req) {
    Object p = req.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    return p == null ? req.getRequestURI() : p.toString();
  }
}
