package dev.vigil.api.identity;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.identity.IdentityViews.MemberView;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Role;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.store.system.Page;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The members of the caller's tenant: list, create or invite, change role, disable. Admins manage
 * everyone but owners; only owners make or change owners; nobody changes their own membership; a
 * tenant always keeps an active owner. Usernames are global, but whether one belongs to another
 * tenant is not disclosed: only platform owners invite existing accounts; to anyone else such a
 * username is "not available", as reserved ones are.
 */
@Service
public class Members {

  static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._@+-]{0,127}$");

  /** Names the audit trail uses for Vigil itself; no account may take them. */
  static final java.util.Set<String> RESERVED =
      java.util.Set.of(Actor.system(Actor.DEFAULT_TENANT).user(), "anonymous", "unknown");

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final Audit audit;
  private final RoleBook book;

  private final Entitlements entitlements;

  public Members(
      UserRepository users,
      PasswordEncoder encoder,
      Audit audit,
      RoleBook book,
      Entitlements entitlements) {
    this.entitlements = entitlements;
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.book = book;
  }

  /**
   * @param password for a new account; absent for an existing account (invited into this tenant) or
   *     for an account that signs in only with SSO or uses API keys
   */
  public record CreateUser(
      String username, String displayName, String role, String password, String email) {}

  /** Any field may be absent (unchanged); an empty {@code email} removes it. */
  public record UpdateUser(String role, Boolean disabled, String email) {}

  static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");

  /** A member's e-mail address as given, checked; null when absent or empty. */
  static String email(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    String e = email.trim();
    if (!EMAIL.matcher(e).matches() || !e.substring(e.indexOf('@') + 1).contains(".")) {
      throw ApiException.invalid("/email", "email must be an address such as ana@example.com");
    }
    return e;
  }

  public PageView<MemberView> list(Actor actor, Integer limit, String cursor) {
    Page<Membership> page = users.members(actor.tenant(), PageLimits.of(limit), cursor);
    return PageView.of(page, MemberView::of);
  }

  public MemberView create(Actor actor, CreateUser body) {
    String username =
        body.username() == null ? "" : body.username().trim().toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(username).matches()) {
      throw ApiException.invalid(
          "/username",
          "username must be 1-128 lower-case letters, digits or ._@+- (starting with a letter or digit)");
    }
    RoleBook.Grant role = book.grant(actor.tenant(), body.role(), false, "/role");
    RoleBook.requireMayGrant(actor, role);
    String email = email(body.email());
    String target = "user/" + username;
    if (RESERVED.contains(username)) {
      throw unavailable(username);
    }
    boolean exists = users.account(username).isPresent();
    if (exists
        && !actor.can(Permission.TENANT_MANAGE)
        && users.membership(actor.tenant(), username).isEmpty()) {
      // An account of other tenants only: saying so would tell this tenant's owner that it
      // exists (and attaching it would add someone without their consent). Only a platform owner,
      // who sees every tenant anyway, invites an existing account.
      audit.record(
          actor, "user.create", target, Audit.REJECTED, Map.of("reason", "username unavailable"));
      throw unavailable(username);
    }
    // the plan's members limit: at it, nobody more joins (an existing account's invite included)
    entitlements.require(actor.tenant(), "members", 1);
    // checked again where the member is added, under a lock: two at once cannot both pass it
    Long maxMembers = entitlements.max(actor.tenant(), "members");
    try {
      add(actor, body, username, role, email, exists, target, maxMembers);
    } catch (UsageCounters.LimitReached e) {
      throw entitlements.reached(actor.tenant(), "members", e);
    }
    Membership m = users.membership(actor.tenant(), username).orElseThrow();
    return MemberView.of(m);
  }

  private void add(
      Actor actor,
      CreateUser body,
      String username,
      RoleBook.Grant role,
      String email,
      boolean exists,
      String target,
      Long maxMembers) {
    if (exists) {
      if (body.password() != null) {
        throw ApiException.invalid(
            "/password",
            "'"
                + username
                + "' already has an account; invite it without a password (it keeps its own)");
      }
      if (!users.addMembership(actor.tenant(), username, role.role(), actor.user(), maxMembers)) {
        throw ApiException.conflict(
            "exists", "'" + username + "' is already a member of this tenant");
      }
      audit.record(actor, "user.invite", target, Audit.SUCCESS, Map.of("role", role.role()));
    } else {
      String hash = null;
      if (body.password() != null) {
        PasswordPolicy.require(body.password(), username, "/password");
        hash = encoder.encode(body.password());
      }
      String display =
          body.displayName() == null || body.displayName().isBlank()
              ? username
              : body.displayName().trim();
      if (display.length() > 200) {
        throw ApiException.invalid("/displayName", "displayName may be at most 200 characters");
      }
      if (!users.createWithMembership(
          username, display, hash, false, actor.tenant(), role.role(), actor.user(), maxMembers)) {
        throw unavailable(username);
      }
      audit.record(
          actor,
          "user.create",
          target,
          Audit.SUCCESS,
          Map.of("role", role.role(), "password", hash != null));
    }
    if (email != null) {
      users.setEmail(actor.tenant(), username, email);
    }
  }

  public MemberView update(Actor actor, String username, UpdateUser body) {
    Membership m =
        users
            .membership(actor.tenant(), username)
            .orElseThrow(
                () -> ApiException.notFound("no member '" + username + "' in this tenant"));
    if (m.username().equals(actor.user())) {
      throw ApiException.forbidden("self", "you cannot change your own role or disable yourself");
    }
    RoleBook.Grant current = book.grant(actor.tenant(), m.role(), false, "/role");
    RoleBook.Grant next =
        body.role() == null ? current : book.grant(actor.tenant(), body.role(), false, "/role");
    // to change a member at all, the caller must hold what the member's role grants, and what the
    // new one does
    RoleBook.requireMayGrant(actor, current);
    RoleBook.requireMayGrant(actor, next);
    boolean disabling = Boolean.TRUE.equals(body.disabled()) && !m.disabled();
    if (Boolean.FALSE.equals(body.disabled()) && m.disabled()) {
      entitlements.require(actor.tenant(), "members", 1); // enabling one counts as adding one
    }
    if (isOwner(current)
        && m.active()
        && (!isOwner(next) || disabling)
        && users.countActiveOwners(actor.tenant()) <= 1) {
      throw ApiException.conflict("last-owner", "the tenant would have no active owner left");
    }
    String email = body.email() == null ? m.email() : email(body.email());
    try {
      users.updateMembership(
          actor.tenant(),
          username,
          body.role() == null ? null : next.role(),
          body.disabled(),
          entitlements.max(actor.tenant(), "members"));
    } catch (UsageCounters.LimitReached e) {
      throw entitlements.reached(actor.tenant(), "members", e);
    }
    if (body.email() != null) {
      users.setEmail(actor.tenant(), username, email);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fromRole", current.role());
    details.put("role", next.role());
    if (body.disabled() != null) {
      details.put("disabled", body.disabled());
    }
    if (body.email() != null) {
      details.put("email", email);
    }
    audit.record(actor, "user.update", "user/" + username, Audit.SUCCESS, details);
    return MemberView.of(users.membership(actor.tenant(), username).orElseThrow());
  }

  /**
   * The one answer for a username this caller cannot have: reserved, or taken by an account outside
   * the caller's tenant — it does not say which.
   */
  private static ApiException unavailable(String username) {
    return ApiException.invalid(
        "/username", "username '" + username + "' is not available; choose another");
  }

  private static boolean isOwner(RoleBook.Grant g) {
    return Role.OWNER.key().equals(g.role());
  }
}
