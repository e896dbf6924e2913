package dev.vigil.api.identity;

import dev.vigil.store.identity.ApiKeyRecord;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.TenantRecord;
import java.time.Instant;
import java.util.List;

/** What the identity endpoints answer. */
public final class IdentityViews {

  private IdentityViews() {}

  /**
   * {@code GET /api/v1/me} and sign-in.
   *
   * @param role the caller's (highest) role in {@code tenant}
   * @param permissions what the caller may do there
   * @param authenticatedBy {@code session}, {@code api_key} or {@code jwt}
   * @param tenants every tenant the user can switch to (sessions only; empty otherwise)
   * @param csrfToken send it as {@code X-CSRF-Token} on state-changing session calls (sessions
   *     only)
   */
  public record MeView(
      String user,
      String displayName,
      String tenant,
      String role,
      List<String> roles,
      List<String> permissions,
      boolean platformOwner,
      String authenticatedBy,
      String apiKeyId,
      List<TenantChoice> tenants,
      String csrfToken) {}

  public record TenantChoice(String id, String name, String role) {}

  public record MemberView(
      String username,
      String displayName,
      String role,
      boolean disabled,
      Instant createdAt,
      String createdBy,
      String email) {
    static MemberView of(Membership m) {
      return new MemberView(
          m.username(),
          m.displayName(),
          m.role(),
          !m.active(),
          m.createdAt(),
          m.createdBy(),
          m.email());
    }
  }

  public record ApiKeyView(
      String id,
      String name,
      String prefix,
      String user,
      String role,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedBy,
      Instant lastUsedAt,
      String status) {
    static ApiKeyView of(ApiKeyRecord k) {
      Instant now = Instant.now();
      String status =
          k.revokedAt() != null
              ? "revoked"
              : k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "active";
      return new ApiKeyView(
          k.id(),
          k.name(),
          k.prefix(),
          k.username(),
          k.role(),
          k.createdAt(),
          k.expiresAt(),
          k.revokedAt(),
          k.revokedBy(),
          k.lastUsedAt(),
          status);
    }
  }

  /** A created key: the only time its secret is shown. */
  public record CreatedApiKey(ApiKeyView apiKey, String key) {}

  public record TenantView(String id, String name, Instant createdAt, String createdBy) {
    static TenantView of(TenantRecord t) {
      return new TenantView(t.id(), t.name(), t.createdAt(), t.createdBy());
    }
  }
}
