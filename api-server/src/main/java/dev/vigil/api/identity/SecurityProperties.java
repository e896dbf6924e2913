package dev.vigil.api.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Identity and hardening settings ({@code vigil.security.*}); every one has an environment variable
 * (README settings table).
 *
 * @param bootstrapAdminUsername the first owner's username (VIGIL_BOOTSTRAP_ADMIN_USERNAME)
 * @param bootstrapAdminPassword creates the first owner of tenant {@code default} when there is no
 *     account yet (VIGIL_BOOTSTRAP_ADMIN_PASSWORD)
 * @param bootstrapApiKey an owner API key ({@code vgl_…}, 40+ characters) for that owner
 *     (VIGIL_BOOTSTRAP_API_KEY)
 * @param generateBootstrapPassword without a bootstrap password, generate one and print it once
 *     (standalone mode)
 * @param loginPerMinute sign-in attempts per client address per minute (VIGIL_LOGIN_RATE_LIMIT)
 * @param apiKeysPerHour API keys one user may create per hour (VIGIL_API_KEY_RATE_LIMIT)
 * @param lockoutFailures failed sign-ins that lock an account (VIGIL_LOCKOUT_FAILURES)
 * @param lockoutDuration how long it stays locked (VIGIL_LOCKOUT_DURATION)
 * @param oidc the OpenID Connect / JWT resource server, off unless issuer and JWKS are set
 */
@ConfigurationProperties("vigil.security")
public record SecurityProperties(
    String bootstrapAdminUsername,
    String bootstrapAdminPassword,
    String bootstrapApiKey,
    boolean generateBootstrapPassword,
    int loginPerMinute,
    int apiKeysPerHour,
    int lockoutFailures,
    Duration lockoutDuration,
    Oidc oidc) {

  public SecurityProperties {
    bootstrapAdminUsername = blankToNull(bootstrapAdminUsername);
    bootstrapAdminUsername = bootstrapAdminUsername == null ? "admin" : bootstrapAdminUsername;
    bootstrapAdminPassword = blankToNull(bootstrapAdminPassword);
    bootstrapApiKey = blankToNull(bootstrapApiKey);
    loginPerMinute = loginPerMinute <= 0 ? 10 : loginPerMinute;
    apiKeysPerHour = apiKeysPerHour <= 0 ? 20 : apiKeysPerHour;
    lockoutFailures = lockoutFailures <= 0 ? 5 : lockoutFailures;
    lockoutDuration =
        lockoutDuration == null || lockoutDuration.isNegative() || lockoutDuration.isZero()
            ? Duration.ofMinutes(15)
            : lockoutDuration;
    oidc = oidc == null ? new Oidc(null, null, null, null, null, null) : oidc;
  }

  /**
   * JWT bearer tokens from an OpenID Connect provider.
   *
   * @param issuer the {@code iss} every token must carry (VIGIL_OIDC_ISSUER)
   * @param jwksUri where the provider publishes its signing keys (VIGIL_OIDC_JWKS_URI)
   * @param audience when set, tokens must list it in {@code aud} (VIGIL_OIDC_AUDIENCE)
   * @param tenantClaim the claim naming the tenant (VIGIL_OIDC_TENANT_CLAIM, default vigil_tenant)
   * @param rolesClaim the claim listing Vigil roles (VIGIL_OIDC_ROLES_CLAIM, default vigil_roles)
   * @param userClaim the claim naming the user (VIGIL_OIDC_USER_CLAIM, default sub)
   */
  public record Oidc(
      String issuer,
      String jwksUri,
      String audience,
      String tenantClaim,
      String rolesClaim,
      String userClaim) {
    public Oidc {
      issuer = blankToNull(issuer);
      jwksUri = blankToNull(jwksUri);
      audience = blankToNull(audience);
      tenantClaim = blankToNull(tenantClaim) == null ? "vigil_tenant" : tenantClaim;
      rolesClaim = blankToNull(rolesClaim) == null ? "vigil_roles" : rolesClaim;
      userClaim = blankToNull(userClaim) == null ? "sub" : userClaim;
      if ((issuer == null) != (jwksUri == null)) {
        throw new IllegalArgumentException(
            "vigil.security.oidc needs both issuer (VIGIL_OIDC_ISSUER) and jwks-uri (VIGIL_OIDC_JWKS_URI), or neither");
      }
    }

    public boolean enabled() {
      return issuer != null;
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
