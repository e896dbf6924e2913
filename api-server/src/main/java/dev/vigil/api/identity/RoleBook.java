package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Role;
import dev.vigil.store.identity.CustomRole;
import dev.vigil.store.identity.RoleRepository;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What a role of a tenant grants: a built-in role's permissions from {@link Role}, a custom role's
 * from the tenant's {@code tenant_roles}. Read on every request that names a custom role, so a
 * change applies to its holders' next call.
 */
@Component
public class RoleBook {

  /** A custom role's name. */
  public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");

  private final RoleRepository roles;

  public RoleBook(RoleRepository roles) {
    this.roles = roles;
  }

  /**
   * The permissions {@code role} grants in {@code tenant}; empty when the tenant has no such role.
   */
  public Optional<Set<Permission>> permissions(String tenant, String role) {
    Optional<Role> builtIn = Role.of(role);
    if (builtIn.isPresent()) {
      return Optional.of(builtIn.get().permissions());
    }
    if (role == null || !NAME.matcher(role).matches()) {
      return Optional.empty();
    }
    return roles.find(tenant, role).map(RoleBook::permissionsOf);
  }

  /** A role given to a member or an API key: its name and what it grants. */
  public record Grant(String role, Set<Permission> permissions) {}

  /**
   * The role {@code key} names for a member ({@code forKey} false: never the ingest-only role) or
   * an API key of {@code tenant}; a 400 at {@code pointer} when the tenant has no such role.
   */
  public Grant grant(String tenant, String key, boolean forKey, String pointer) {
    if (!forKey && Role.INGESTOR.key().equals(key)) {
      throw ApiException.invalid(
          pointer, "ingestor is a role for API keys only; members cannot hold it");
    }
    return permissions(tenant, key == null ? "" : key)
        .map(p -> new Grant(key, p))
        .orElseThrow(
            () ->
                ApiException.invalid(
                    pointer,
                    (key == null || key.isBlank() ? "role is required" : "no role '" + key + "'")
                        + ": one of owner, admin, engineer, analyst, viewer, auditor"
                        + (forKey ? ", ingestor" : "")
                        + " or a custom role of this tenant (GET /api/v1/roles)"));
  }

  /**
   * Refuses (403) to let {@code actor} give, take away or change {@code grant}: only owners make or
   * change owners, and nobody grants a permission they do not hold themselves.
   */
  public static void requireMayGrant(Actor actor, Grant grant) {
    if (Role.OWNER.key().equals(grant.role()) && !actor.owner()) {
      throw ApiException.forbidden("forbidden", "only owners can make or change owners");
    }
    Set<Permission> missing = beyond(actor, grant.permissions());
    if (!missing.isEmpty()) {
      throw ApiException.forbidden(
          "forbidden",
          "role '"
              + grant.role()
              + "' grants permissions you do not hold: "
              + String.join(", ", keys(missing)));
    }
  }

  /** The permissions of {@code wanted} that {@code actor} does not hold. */
  static Set<Permission> beyond(Actor actor, Set<Permission> wanted) {
    EnumSet<Permission> missing = EnumSet.noneOf(Permission.class);
    missing.addAll(wanted);
    missing.removeAll(actor.permissions());
    return missing;
  }

  static java.util.List<String> keys(Collection<Permission> permissions) {
    return permissions.stream().sorted().map(Permission::key).toList();
  }

  /** The permissions a custom role's keys name (a key no longer known grants nothing). */
  static Set<Permission> permissionsOf(CustomRole role) {
    return of(role.permissions());
  }

  static Set<Permission> of(Collection<String> keys) {
    EnumSet<Permission> p = EnumSet.noneOf(Permission.class);
    keys.forEach(k -> Permission.of(k).ifPresent(p::add));
    p.remove(Permission.TENANT_MANAGE);
    return p;
  }
}
