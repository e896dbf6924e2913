package dev.vigil.api.system;

import java.util.List;

/**
 * Who is calling. Until identity lands, the user comes from {@code X-Vigil-User} and the roles from
 * {@code X-Vigil-Roles} (comma-separated); the tenant is {@code default}.
 */
public record Actor(String tenant, String user, List<String> roles) {

  public static final String USER_HEADER = "X-Vigil-User";
  public static final String ROLES_HEADER = "X-Vigil-Roles";
  public static final String DEFAULT_TENANT = "default";
}
