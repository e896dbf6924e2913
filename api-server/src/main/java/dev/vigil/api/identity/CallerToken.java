package dev.vigil.api.identity;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The one kind of authentication Vigil's filter chain produces, whichever way the caller signed in.
 * For sessions only the username and tenant are kept (in the HTTP session): the role is read from
 * the membership on every request, so a role change or a disabled account takes effect at once.
 *
 * <p>{@code roles} are fixed at authentication for API keys and JWTs (empty for sessions); {@code
 * ceiling}, when set, is a role whose permissions cap theirs (an API key's user's current role).
 */
public final class CallerToken extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final String username;
  private final String tenant;
  private final String via;
  private final List<String> roles;
  private final boolean platformOwner;
  private final String ceiling;

  public CallerToken(
      String username,
      String tenant,
      String via,
      List<String> roles,
      boolean platformOwner,
      String ceiling) {
    super(List.of());
    this.username = username;
    this.tenant = tenant;
    this.via = via;
    this.roles = List.copyOf(roles);
    this.platformOwner = platformOwner;
    this.ceiling = ceiling;
    setAuthenticated(true);
  }

  public String username() {
    return username;
  }

  public String tenant() {
    return tenant;
  }

  public String via() {
    return via;
  }

  public List<String> roles() {
    return roles;
  }

  public boolean platformOwner() {
    return platformOwner;
  }

  public String ceiling() {
    return ceiling;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return username;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallerToken c
        && c.username.equals(username)
        && c.tenant.equals(tenant)
        && c.via.equals(via);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(username, tenant, via);
  }
}
