package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Role;
import dev.vigil.store.identity.TenantRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * JWT bearer tokens from an OpenID Connect provider: signature checked against the provider's JWKS,
 * issuer and expiry always checked, audience when configured; the tenant and roles come from the
 * configured claims. A token without a known tenant or without a Vigil role is refused (401).
 */
final class JwtCallers {

  private JwtCallers() {}

  static AuthenticationProvider provider(SecurityProperties.Oidc oidc, TenantRepository tenants) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oidc.jwksUri()).build();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(JwtValidators.createDefaultWithIssuer(oidc.issuer()));
    validators.add(
        new JwtClaimValidator<Object>(
            oidc.tenantClaim(), t -> t instanceof String s && !s.isBlank()));
    if (oidc.audience() != null) {
      validators.add(
          jwt ->
              jwt.getAudience() != null && jwt.getAudience().contains(oidc.audience())
                  ? OAuth2TokenValidatorResult.success()
                  : OAuth2TokenValidatorResult.failure(
                      new OAuth2Error(
                          "invalid_token", "the token is not meant for this audience", null)));
    }
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
    provider.setJwtAuthenticationConverter(jwt -> toCaller(jwt, oidc, tenants));
    return provider;
  }

  static CallerToken toCaller(Jwt jwt, SecurityProperties.Oidc oidc, TenantRepository tenants) {
    String tenant = jwt.getClaimAsString(oidc.tenantClaim());
    if (tenants.find(tenant).isEmpty()) {
      throw new InvalidBearerTokenException("the token's tenant '" + tenant + "' does not exist");
    }
    String user = jwt.getClaimAsString(oidc.userClaim());
    if (user == null || user.isBlank()) {
      throw new InvalidBearerTokenException(
          "the token has no '" + oidc.userClaim() + "' claim naming the user");
    }
    List<String> roles = new ArrayList<>();
    Object claim = jwt.getClaim(oidc.rolesClaim());
    Collection<?> raw =
        claim instanceof Collection<?> c
            ? c
            : claim instanceof String s ? List.of(s.split("[ ,]+")) : List.of();
    for (Object r : raw) {
      // a built-in role or the name of one of the tenant's custom roles (Actors drops names the
      // tenant has no role of); never the ingest-only role, which is for API keys
      String role = String.valueOf(r).trim().toLowerCase(java.util.Locale.ROOT);
      if (!role.equals(Role.INGESTOR.key())
          && RoleBook.NAME.matcher(role).matches()
          && !roles.contains(role)) {
        roles.add(role);
      }
    }
    if (roles.isEmpty()) {
      throw new InvalidBearerTokenException(
          "the token's '" + oidc.rolesClaim() + "' claim names no Vigil role");
    }
    return new CallerToken(user, tenant, Actor.VIA_JWT, roles, false, null);
  }
}
