package dev.vigil.api.system;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling, once authenticated: the user, the tenant the call acts in, the roles held there
 * and how the caller proved who it is.
 *
 * @param tenant the tenant every query of this call is scoped to
 * @param user the username (or the JWT user claim)
 * @param roles role keys in this tenant (one for members and API keys; JWTs may carry several)
 * @param permissions what the roles grant, plus {@link Permission#TENANT_MANAGE} for platform
 *     owners
 * @param via {@code session}, {@code api_key:<id>}, {@code jwt} or {@code slack:<connection>}
 * @param ip the client address as the server sees it
 * @param userAgent the client's User-Agent header, shortened
 */
public record Actor(
    String tenant,
    String user,
    List<String> roles,
    Set<Permission> permissions,
    String via,
    String ip,
    String userAgent) {

  /** The tenant every installation starts with. */
  public static final String DEFAULT_TENANT = "default";

  public static final String VIA_SESSION = "session";
  public static final String VIA_SYSTEM = "system";
  public static final String VIA_JWT = "jwt";
  public static final String VIA_API_KEY = "api_key:";

  /** A member acting through a Slack connection's interactions (a button click). */
  public static final String VIA_SLACK = "slack:";

  public Actor {
    roles = List.copyOf(roles);
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
  }

  /** Vigil itself, acting at start-up (publishing bundled playbooks, reconciling runs). */
  public static Actor system(String tenant) {
    return new Actor(tenant, "system", List.of(), Set.of(), VIA_SYSTEM, "", "");
  }

  public boolean can(Permission p) {
    return permissions.contains(p);
  }

  public boolean viaApiKey() {
    return via.startsWith(VIA_API_KEY);
  }

  /**
   * The role shown to users: the highest built-in role among the caller's, else their first custom
   * role.
   */
  public String role() {
    return roles.stream()
        .map(Role::of)
        .flatMap(java.util.Optional::stream)
        .min(Enum::compareTo)
        .map(Role::key)
        .orElse(roles.isEmpty() ? "" : roles.get(0));
  }

  /** True when the caller is an owner of the tenant (only owners make or change owners). */
  public boolean owner() {
    return roles.contains(Role.OWNER.key());
  }
}
