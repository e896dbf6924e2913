package dev.vigil.api.identity;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Role;
import dev.vigil.store.identity.ApiKeyRecord;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.UserRepository;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates {@code Authorization: Bearer vgl_…}. A key acts as the user who created it, in the
 * key's tenant, with the key's role — and never more than the user's current role there: a key of a
 * demoted or disabled member loses its power with the member. Other bearer tokens are left to the
 * JWT provider.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

  private final ApiKeyRepository keys;
  private final UserRepository users;

  ApiKeyAuthenticationProvider(ApiKeyRepository keys, UserRepository users) {
    this.keys = keys;
    this.users = users;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (!token.startsWith(ApiKeyTokens.PREFIX)) {
      return null;
    }
    if (!ApiKeyTokens.wellFormed(token)) {
      throw new InvalidBearerTokenException("the API key is malformed");
    }
    ApiKeyRecord key =
        keys.findBySecret(ApiKeyTokens.sha256(token))
            .orElseThrow(() -> new InvalidBearerTokenException("unknown API key"));
    if (key.revokedAt() != null) {
      throw new InvalidBearerTokenException("the API key was revoked");
    }
    if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
      throw new InvalidBearerTokenException("the API key expired at " + key.expiresAt());
    }
    Membership m =
        users
            .membership(key.tenant(), key.username())
            .filter(Membership::active)
            .orElseThrow(
                () ->
                    new InvalidBearerTokenException(
                        "the API key's user is no longer an active member of its tenant"));
    boolean platformOwner =
        Role.OWNER.key().equals(key.role())
            && Role.OWNER.key().equals(m.role())
            && m.platformOwner();
    if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(Instant.now().minusSeconds(60))) {
      keys.recordUse(key.tenant(), key.id()); // at most a write a minute per key
    }
    return new CallerToken(
        key.username(),
        key.tenant(),
        Actor.VIA_API_KEY + key.id(),
        List.of(key.role()),
        platformOwner,
        m.role()); // a key never does more than its user's current role allows
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
