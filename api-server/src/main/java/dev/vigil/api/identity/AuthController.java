package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.MeView;
import dev.vigil.api.identity.IdentityViews.TenantChoice;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.RateLimiter;
import dev.vigil.api.system.Requires;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserAccount;
import dev.vigil.store.identity.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in with a password (cookie session), sign-out, tenant switching and "who am I". */
@RestController
public class AuthController {

  /** Compared against when the username is unknown, so both cases take as long. */
  private final String dummyHash;

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final SecurityContextRepository contexts;
  private final CsrfTokenRepository csrf;
  private final Actors actors;
  private final Audit audit;
  private final SecurityProperties props;
  private final RateLimiter loginLimit;
  private final UnknownUserLockout unknownLockout;

  public AuthController(
      UserRepository users,
      PasswordEncoder encoder,
      SecurityContextRepository contexts,
      CsrfTokenRepository csrf,
      Actors actors,
      Audit audit,
      SecurityProperties props) {
    this.users = users;
    this.encoder = encoder;
    this.contexts = contexts;
    this.csrf = csrf;
    this.actors = actors;
    this.audit = audit;
    this.props = props;
    this.loginLimit =
        new RateLimiter("sign-in attempts", props.loginPerMinute(), Duration.ofMinutes(1));
    this.unknownLockout = new UnknownUserLockout(props.lockoutFailures(), props.lockoutDuration());
    this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
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
    if (body.username() == null || body.username().isBlank()) {
      throw ApiException.invalid("/username", "username is required");
    }
    if (body.password() == null || body.password().isEmpty()) {
      throw ApiException.invalid("/password", "password is required");
    }
    loginLimit.acquire(req.getRemoteAddr());
    String username = body.username().trim().toLowerCase(java.util.Locale.ROOT);
    String shown = username.length() > 128 ? username.substring(0, 128) : username;
    UserAccount account = users.account(username).orElse(null);
    if (account == null || account.passwordHash() == null) {
      encoder.matches(body.password(), dummyHash);
      Instant now = Instant.now();
      Instant lockedUntil = unknownLockout.lockedUntil(shown, now);
      if (lockedUntil != null) {
        audit.recordUnauthenticated(
            TenantRepository.SYSTEM,
            shown,
            "auth.login",
            "user/" + shown,
            Audit.DENIED,
            Map.of(
                "reason",
                "locked (" + (account == null ? "unknown user" : "no password set") + ")"),
            req);
        throw locked(lockedUntil, now);
      }
      Instant lockedNow = unknownLockout.recordFailure(shown, now);
      audit.recordUnauthenticated(
          TenantRepository.SYSTEM,
          shown,
          "auth.login",
          "user/" + shown,
          Audit.FAILED,
          Map.of("reason", account == null ? "unknown user" : "no password set"),
          req);
      if (lockedNow != null) {
        throw locked(lockedNow, now);
      }
      throw wrongCredentials();
    }
    List<Membership> memberships = users.membershipsOf(username);
    Instant now = Instant.now();
    if (account.lockedUntil() != null && account.lockedUntil().isAfter(now)) {
      encoder.matches(body.password(), dummyHash);
      auditLogin(memberships, username, Audit.DENIED, "account locked", req);
      throw locked(account.lockedUntil(), now);
    }
    if (!encoder.matches(body.password(), account.passwordHash())) {
      UserAccount after =
          users.recordFailedLogin(username, props.lockoutFailures(), props.lockoutDuration());
      auditLogin(
          memberships,
          username,
          Audit.FAILED,
          "wrong password (" + after.failedLogins() + " in a row)",
          req);
      if (after.lockedUntil() != null && after.lockedUntil().isAfter(now)) {
        throw locked(after.lockedUntil(), now);
      }
      throw wrongCredentials();
    }
    if (account.disabled()) {
      auditLogin(memberships, username, Audit.DENIED, "account disabled", req);
      throw wrongCredentials();
    }
    List<Membership> active = memberships.stream().filter(Membership::active).toList();
    Membership chosen =
        body.tenant() == null
            ? active.stream().findFirst().orElse(null)
            : active.stream()
                .filter(m -> m.tenant().equals(body.tenant()))
                .findFirst()
                .orElse(null);
    if (chosen == null) {
      auditLogin(memberships, username, Audit.DENIED, "no active membership", req);
      throw ApiException.forbidden(
          "no-tenant",
          body.tenant() == null
              ? "your account is not an active member of any tenant; ask an admin to add you"
              : "you are not an active member of tenant '" + body.tenant() + "'");
    }
    users.recordSuccessfulLogin(username);
    if (encoder.upgradeEncoding(account.passwordHash())) {
      users.setPassword(username, encoder.encode(body.password()));
    }
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
    Membership m =
        users
            .membership(body.tenant(), actor.user())
            .filter(Membership::active)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "you are not an active member of tenant '" + body.tenant() + "'"));
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
    UserAccount account = users.account(actor.user()).orElseThrow();
    if (body.currentPassword() == null
        || account.passwordHash() == null
        || !encoder.matches(body.currentPassword(), account.passwordHash())) {
      audit.record(
          actor,
          "user.password",
          "user/" + actor.user(),
          Audit.REJECTED,
          Map.of("reason", "current password wrong"));
      throw ApiException.invalid("/currentPassword", "the current password is wrong");
    }
    PasswordPolicy.require(body.newPassword(), actor.user(), "/newPassword");
    users.setPassword(actor.user(), encoder.encode(body.newPassword()));
    audit.record(actor, "user.password", "user/" + actor.user(), Audit.SUCCESS, null);
    return ResponseEntity.noContent().build();
  }

  private MeView me(Actor actor, HttpServletRequest req) {
    boolean session = Actor.VIA_SESSION.equals(actor.via());
    List<TenantChoice> tenants =
        session
            ? users.membershipsOf(actor.user()).stream()
                .filter(Membership::active)
                .map(m -> new TenantChoice(m.tenant(), m.tenantName(), m.role()))
                .toList()
            : List.of();
    String displayName =
        users.account(actor.user()).map(UserAccount::displayName).orElse(actor.user());
    CsrfToken token = session ? csrf.loadToken(req) : null;
    return new MeView(
        actor.user(),
        displayName,
        actor.tenant(),
        actor.role().key(),
        actor.roles(),
        actor.permissions().stream().sorted().map(Permission::key).toList(),
        actor.can(Permission.TENANT_MANAGE),
        actor.viaApiKey() ? "api_key" : actor.via(),
        actor.viaApiKey() ? actor.via().substring(Actor.VIA_API_KEY.length()) : null,
        tenants,
        token == null ? null : token.getToken());
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

  private void auditLogin(
      List<Membership> memberships,
      String username,
      String outcome,
      String reason,
      HttpServletRequest req) {
    List<String> tenants =
        memberships.isEmpty()
            ? List.of(TenantRepository.SYSTEM)
            : memberships.stream().map(Membership::tenant).toList();
    for (String t : tenants) {
      audit.recordUnauthenticated(
          t, username, "auth.login", "user/" + username, outcome, Map.of("reason", reason), req);
    }
  }

  private static void requireSession(Actor actor, String what) {
    if (!Actor.VIA_SESSION.equals(actor.via())) {
      throw ApiException.conflict(
          "not-a-session",
          "only a signed-in session can " + what + "; API keys and tokens have no session");
    }
  }

  private static ApiException wrongCredentials() {
    return ApiException.unauthenticated("the username or password is wrong");
  }

  private static ApiException locked(Instant until, Instant now) {
    long seconds = Math.max(1, Duration.between(now, until).toSeconds() + 1);
    return ApiException.locked(
        "too many failed sign-ins: the account is locked until " + until + "; try again later",
        seconds);
  }
}
