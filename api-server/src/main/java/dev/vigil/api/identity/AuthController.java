package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.MeView;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.Requires;
import dev.vigil.store.identity.Membership;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in with a password (cookie session), sign-out, tenant switching and "who am I". */
@RestController
public class AuthController {

  private final SignIn signIn;
  private final SecurityContextRepository contexts;
  private final CsrfTokenRepository csrf;
  private final Actors actors;
  private final Audit audit;

  public AuthController(
      SignIn signIn,
      SecurityContextRepository contexts,
      CsrfTokenRepository csrf,
      Actors actors,
      Audit audit) {
    this.signIn = signIn;
    this.contexts = contexts;
    this.csrf = csrf;
    this.actors = actors;
    this.audit = audit;
  }

  /**
   * @param tenant the tenant to act in; the user's first tenant (by id) when absent
   */
  public record LoginRequest(String username, String password, String tenant) {}

  public record SwitchTenantRequest(String tenant) {}

  public record PasswordChange(String currentPassword, String newPassword) {}

  @PostMapping(SecurityConfiguration.LOGIN_PATH)
  @Public
  public MeView login(
      @RequestBody LoginRequest body, HttpServletRequest req, HttpServletResponse res) {
    Membership chosen = signIn.authenticate(body, req);
    String username = chosen.username();
    startSession(req, res, username, chosen.tenant());
    Actor actor = actors.current(req);
    audit.record(actor, "auth.login", "user/" + username, Audit.SUCCESS, null);
    return me(actor, req);
  }

  @PostMapping("/api/v1/auth/logout")
  @Requires(Permission.SELF)
  public ResponseEntity<Void> logout(Actor actor, HttpServletRequest req) {
    requireSession(actor, "sign out");
    audit.record(actor, "auth.logout", "user/" + actor.user(), Audit.SUCCESS, null);
    HttpSession s = req.getSession(false);
    if (s != null) {
      s.invalidate();
    }
    SecurityContextHolder.clearContext();
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/auth/tenant")
  @Requires(Permission.SELF)
  public MeView switchTenant(
      Actor actor,
      @RequestBody SwitchTenantRequest body,
      HttpServletRequest req,
      HttpServletResponse res) {
    requireSession(actor, "switch tenant");
    if (body.tenant() == null || body.tenant().isBlank()) {
      throw ApiException.invalid("/tenant", "tenant is required");
    }
    Membership m = signIn.activeMembership(actor, body.tenant());
    SecurityContext ctx = SecurityContextHolder.createEmptyContext();
    ctx.setAuthentication(
        new CallerToken(actor.user(), m.tenant(), Actor.VIA_SESSION, List.of(), false, null));
    SecurityContextHolder.setContext(ctx);
    contexts.saveContext(ctx, req, res);
    req.removeAttribute(Actors.class.getName());
    Actor now = actors.current(req);
    audit.record(
        now,
        "auth.switch_tenant",
        "tenant/" + m.tenant(),
        Audit.SUCCESS,
        Map.of("from", actor.tenant()));
    return me(now, req);
  }

  @GetMapping("/api/v1/me")
  @Requires(Permission.SELF)
  public MeView whoAmI(Actor actor, HttpServletRequest req) {
    return me(actor, req);
  }

  @PostMapping("/api/v1/me/password")
  @Requires(Permission.SELF)
  public ResponseEntity<Void> changePassword(Actor actor, @RequestBody PasswordChange body) {
    requireSession(actor, "change the password");
    signIn.changePassword(actor, body);
    return ResponseEntity.noContent().build();
  }

  private MeView me(Actor actor, HttpServletRequest req) {
    boolean session = Actor.VIA_SESSION.equals(actor.via());
    return signIn.me(actor, session ? csrf.loadToken(req) : null);
  }

  private void startSession(
      HttpServletRequest req, HttpServletResponse res, String username, String tenant) {
    HttpSession old = req.getSession(false);
    if (old != null) {
      old.invalidate(); // a fresh session id on every sign-in (no session fixation)
    }
    req.getSession(true);
    SecurityContext ctx = SecurityContextHolder.createEmptyContext();
    ctx.setAuthentication(
        new CallerToken(username, tenant, Actor.VIA_SESSION, List.of(), false, null));
    SecurityContextHolder.setContext(ctx);
    contexts.saveContext(ctx, req, res);
    csrf.saveToken(csrf.generateToken(req), req, res);
  }

  private static void requireSession(Actor actor, String what) {
    if (!Actor.VIA_SESSION.equals(actor.via())) {
      throw ApiException.conflict(
          "not-a-session",
          "only a signed-in session can " + what + "; API keys and tokens have no session");
    }
  }
}
