package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Role;
import dev.vigil.store.identity.CustomRole;
import dev.vigil.store.identity.RoleRepository;
import dev.vigil.store.identity.RoleRepository.Holders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The tenant's roles: the built-in ones (read only) and custom roles composed from the same
 * permissions. Whoever creates or changes a custom role must hold every permission it grants —
 * before and after the change — so nobody hands out more than they have; a role still held by a
 * member or a live API key cannot be deleted. Every change is audited with what it added and took
 * away.
 */
@Service
public class Roles {

  /** Custom roles a tenant may have. */
  static final int MAX_ROLES = 100;

  private final RoleRepository roles;
  private final Audit audit;

  public Roles(RoleRepository roles, Audit audit) {
    this.roles = roles;
    this.audit = audit;
  }

  /**
   * A role as the API shows it.
   *
   * @param builtIn the six member roles and {@code ingestor}: fixed, cannot be edited
   * @param permissions permission keys, sorted
   * @param version custom roles only: send it back in a PATCH to change this version and no other
   * @param holders only when one role is read: members and live API keys that hold it
   */
  public record RoleView(
      String name,
      String description,
      boolean builtIn,
      List<String> permissions,
      Integer version,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt,
      HoldersView holders) {}

  public record HoldersView(long members, long apiKeys) {
    static HoldersView of(Holders h) {
      return new HoldersView(h.members(), h.apiKeys());
    }
  }

  /** {@code POST /api/v1/roles}. */
  public record CreateRole(String name, String description, List<String> permissions) {}

  /**
   * {@code PATCH /api/v1/roles/{name}}: an absent field stays as it is.
   *
   * @param version if given, the change applies only to that version (409 otherwise)
   */
  public record UpdateRole(String description, List<String> permissions, Integer version) {}

  /** Built-in roles first (highest first), then the tenant's own by name. */
  public List<RoleView> list(Actor actor) {
    List<RoleView> all = new ArrayList<>();
    for (Role r : Role.values()) {
      all.add(builtIn(r));
    }
    roles.list(actor.tenant()).forEach(r -> all.add(view(r, null)));
    return all;
  }

  public RoleView get(Actor actor, String name) {
    var builtIn = Role.of(name);
    if (builtIn.isPresent()) {
      return builtIn(builtIn.get());
    }
    CustomRole r = find(actor, name);
    return view(r, HoldersView.of(roles.holders(actor.tenant(), name)));
  }

  public RoleView create(Actor actor, CreateRole body) {
    String name = body.name() == null ? "" : body.name().trim();
    if (Role.of(name).isPresent()) {
      throw ApiException.invalid(
          "/name", "'" + name + "' is a built-in role; a custom role needs a name of its own");
    }
    if (!RoleBook.NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "/name",
          "name must be 2-40 lower-case letters, digits or hyphens, starting with a letter");
    }
    String description = description(body.description());
    Set<Permission> permissions = permissions(body.permissions());
    requireHeld(actor, permissions, name);
    if (roles.list(actor.tenant()).size() >= MAX_ROLES) {
      throw ApiException.conflict(
          "limit", "a tenant may have at most " + MAX_ROLES + " custom roles; delete one first");
    }
    if (!roles.create(
        actor.tenant(), name, description, RoleBook.keys(permissions), actor.user())) {
      throw ApiException.conflict("exists", "this tenant already has a role '" + name + "'");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("permissions", RoleBook.keys(permissions));
    details.put("description", description);
    audit.record(actor, "role.create", "role/" + name, Audit.SUCCESS, details);
    return view(find(actor, name), null);
  }

  public RoleView update(Actor actor, String name, UpdateRole body) {
    refuseBuiltIn(name);
    CustomRole current = find(actor, name);
    if (body.version() != null && body.version() != current.version()) {
      throw stale(name, current.version());
    }
    Set<Permission> before = RoleBook.permissionsOf(current);
    Set<Permission> after = body.permissions() == null ? before : permissions(body.permissions());
    // editing a role is handing out what it grants: the caller must hold all of it, before and
    // after
    requireHeld(actor, before, name);
    requireHeld(actor, after, name);
    String description =
        body.description() == null ? current.description() : description(body.description());
    CustomRole changed =
        roles
            .update(
                actor.tenant(),
                name,
                current.version(),
                description,
                RoleBook.keys(after),
                actor.user())
            .orElseThrow(() -> stale(name, current.version()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("added", RoleBook.keys(difference(after, before)));
    details.put("removed", RoleBook.keys(difference(before, after)));
    details.put("version", changed.version());
    if (!description.equals(current.description())) {
      details.put("description", description);
    }
    audit.record(actor, "role.update", "role/" + name, Audit.SUCCESS, details);
    return view(changed, null);
  }

  public void delete(Actor actor, String name) {
    refuseBuiltIn(name);
    CustomRole current = find(actor, name);
    requireHeld(actor, RoleBook.permissionsOf(current), name);
    Holders holders =
        roles
            .delete(actor.tenant(), name)
            .orElseThrow(() -> ApiException.notFound("no role '" + name + "' in this tenant"));
    if (!holders.none()) {
      throw ApiException.conflict(
          "in-use",
          "role '"
              + name
              + "' is still held by "
              + holders.members()
              + " member(s) and "
              + holders.apiKeys()
              + " API key(s) that are not revoked; give them another role first");
    }
    audit.record(
        actor,
        "role.delete",
        "role/" + name,
        Audit.SUCCESS,
        Map.of("permissions", current.permissions()));
  }

  private CustomRole find(Actor actor, String name) {
    return roles
        .find(actor.tenant(), name)
        .orElseThrow(() -> ApiException.notFound("no role '" + name + "' in this tenant"));
  }

  private static void refuseBuiltIn(String name) {
    if (Role.of(name).isPresent()) {
      throw ApiException.conflict(
          "built-in", "'" + name + "' is a built-in role; built-in roles cannot be changed");
    }
  }

  private static ApiException stale(String name, int version) {
    return ApiException.conflict(
        "stale",
        "role '" + name + "' was changed meanwhile (now version " + version + "); read it again");
  }

  private static void requireHeld(Actor actor, Set<Permission> permissions, String name) {
    RoleBook.requireMayGrant(actor, new RoleBook.Grant(name, permissions));
  }

  private static String description(String d) {
    String description = d == null ? "" : d.trim();
    if (description.length() > 500) {
      throw ApiException.invalid("/description", "description may be at most 500 characters");
    }
    return description;
  }

  /** The permissions a body names: at least one, each a known key, never tenant.manage. */
  private static Set<Permission> permissions(List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      throw ApiException.invalid(
          "/permissions", "permissions must name at least one permission (GET /api/v1/roles)");
    }
    EnumSet<Permission> p = EnumSet.noneOf(Permission.class);
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      String pointer = "/permissions/" + i;
      Permission permission =
          Permission.of(key == null ? "" : key.trim())
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          pointer,
                          "unknown permission '"
                              + key
                              + "'; one of "
                              + String.join(
                                  ", ",
                                  Arrays.stream(Permission.values())
                                      .filter(x -> x != Permission.TENANT_MANAGE)
                                      .map(Permission::key)
                                      .toList())));
      if (permission == Permission.TENANT_MANAGE) {
        throw ApiException.invalid(
            pointer, "tenant.manage belongs to platform owners; no role grants it");
      }
      p.add(permission);
    }
    return p;
  }

  private static Set<Permission> difference(Set<Permission> a, Set<Permission> b) {
    EnumSet<Permission> d = EnumSet.noneOf(Permission.class);
    d.addAll(a);
    d.removeAll(b);
    return d;
  }

  private static RoleView builtIn(Role r) {
    return new RoleView(
        r.key(),
        r.description(),
        true,
        RoleBook.keys(r.permissions()),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static RoleView view(CustomRole r, HoldersView holders) {
    return new RoleView(
        r.name(),
        r.description(),
        false,
        RoleBook.keys(RoleBook.permissionsOf(r)),
        r.version(),
        r.createdBy(),
        r.createdAt(),
        r.updatedBy(),
        r.updatedAt(),
        holders);
  }
}
