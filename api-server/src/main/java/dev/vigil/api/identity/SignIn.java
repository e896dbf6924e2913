package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.MeView;
import dev.vigil.api.identity.IdentityViews.TenantChoice;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.RateLimiter;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserAccount;
import dev.vigil.store.identity.UserRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Service;

/**
 * Password credentials: checking a sign-in (rate limit, lockout — also for unknown usernames, a
 * constant-time answer, disabled accounts, the tenant to act in), changing a password, and the "who
 * am I" view. The session itself is {@link AuthController}'s.
 */
@Service
public class SignIn {

  /** Compared against when the username is unknown, so both cases take as long. */
  private final String dummyHash;

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final Audit audit;
  private final SecurityProperties props;
  private final RateLimiter loginLimit;
  private final UnknownUserLockout unknownLockout;

  public SignIn(
      UserRepository users, PasswordEncoder encoder, Audit audit, SecurityProperties props) {
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.props = props;
    this.loginLimit =
        new RateLimiter("sign-in attempts", props.loginPerMinute(), Duration.ofMinutes(1));
    this.unknownLockout = new UnknownUserLockout(props.lockoutFailures(), props.lockoutDuration());
    this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
  }

  /**
   * Checks a sign-in and returns the membership to act in; every refusal is audited and thrown as
   * the problem the caller answers with.
   */
  public Membership authenticate(AuthController.LoginRequest body, HttpServletRequest req) {
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
    return chosen;
  }

  /** The actor's active membership of {@code tenant}, or a 404. */
  public Membership activeMembership(Actor actor, String tenant) {
    return users
        .membership(tenant, actor.user())
        .filter(Membership::active)
        .orElseThrow(
            () -> ApiException.notFound("you are not an active member of tenant '" + tenant + "'"));
  }

  /** Changes the actor's password after checking the current one. */
  public void changePassword(Actor actor, AuthController.PasswordChange body) {
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
  }

  /** Who the actor is, with the tenants a session may switch to and its CSRF token. */
  public MeView me(Actor actor, CsrfToken token) {
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
    return new MeView(
        actor.user(),
        displayName,
        actor.tenant(),
        actor.role(),
        actor.roles(),
        actor.permissions().stream().sorted().map(Permission::key).toList(),
        actor.can(Permission.TENANT_MANAGE),
        actor.viaApiKey() ? "api_key" : actor.via(),
        actor.viaApiKey() ? actor.via().substring(Actor.VIA_API_KEY.length()) : null,
        tenants,
        token == null ? null : token.getToken());
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
