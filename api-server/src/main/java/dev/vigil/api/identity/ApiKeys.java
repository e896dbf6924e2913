package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.ApiKeyView;
import dev.vigil.api.identity.IdentityViews.CreatedApiKey;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.RateLimiter;
import dev.vigil.store.identity.ApiKeyRecord;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.system.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * API keys for automation. Each key acts as the member who created it, in this tenant, with a role
 * no higher than theirs; its secret is shown once and stored as a hash. Members manage their own
 * keys; admins and owners see and revoke everyone's. Keys cannot create keys.
 */
@Service
public class ApiKeys {

  private final ApiKeyRepository keys;
  private final Audit audit;
  private final RateLimiter createLimit;
  private final RoleBook book;

  public ApiKeys(ApiKeyRepository keys, Audit audit, SecurityProperties props, RoleBook book) {
    this.keys = keys;
    this.audit = audit;
    this.book = book;
    this.createLimit =
        new RateLimiter("API keys created", props.apiKeysPerHour(), Duration.ofHours(1));
  }

  /**
   * @param role defaults to the creator's role; never above it
   * @param expiresAt optional; must be in the future
   */
  public record CreateApiKey(String name, String role, Instant expiresAt) {}

  public CreatedApiKey create(Actor actor, CreateApiKey body) {
    if (actor.viaApiKey()) {
      throw ApiException.forbidden(
          "forbidden", "API keys cannot create API keys; sign in or use an OpenID Connect token");
    }
    if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
      throw ApiException.invalid("/name", "name is required (1-100 characters)");
    }
    RoleBook.Grant role =
        book.grant(actor.tenant(), body.role() == null ? actor.role() : body.role(), true, "/role");
    java.util.Set<Permission> beyond = RoleBook.beyond(actor, role.permissions());
    if (!beyond.isEmpty()) {
      throw ApiException.invalid(
          "/role",
          "a key's role cannot exceed yours ("
              + actor.role()
              + "): '"
              + role.role()
              + "' grants "
              + String.join(", ", RoleBook.keys(beyond)));
    }
    if (body.expiresAt() != null && !body.expiresAt().isAfter(Instant.now())) {
      throw ApiException.invalid("/expiresAt", "expiresAt must be in the future");
    }
    createLimit.acquire(actor.tenant() + "/" + actor.user());
    String secret = ApiKeyTokens.newSecret();
    ApiKeyRecord k =
        new ApiKeyRecord(
            actor.tenant(),
            ApiKeyTokens.newId(),
            body.name().trim(),
            ApiKeyTokens.displayPrefix(secret),
            actor.user(),
            role.role(),
            null,
            body.expiresAt(),
            null,
            null,
            null);
    keys.create(k, ApiKeyTokens.sha256(secret));
    ApiKeyRecord stored = keys.find(actor.tenant(), k.id()).orElseThrow();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", k.name());
    details.put("role", role.role());
    details.put("expiresAt", body.expiresAt() == null ? null : body.expiresAt().toString());
    audit.record(actor, "apikey.create", "apikey/" + k.id(), Audit.SUCCESS, details);
    return new CreatedApiKey(ApiKeyView.of(stored), secret);
  }

  public PageView<ApiKeyView> list(Actor actor, Integer limit, String cursor) {
    String only = actor.can(Permission.API_KEY_MANAGE) ? null : actor.user();
    Page<ApiKeyRecord> page = keys.list(actor.tenant(), only, PageLimits.of(limit), cursor);
    return PageView.of(page, ApiKeyView::of);
  }

  public ApiKeyView revoke(Actor actor, String id) {
    ApiKeyRecord k =
        keys.find(actor.tenant(), id)
            .filter(
                key -> key.username().equals(actor.user()) || actor.can(Permission.API_KEY_MANAGE))
            .orElseThrow(() -> ApiException.notFound("no API key '" + id + "'"));
    if (!keys.revoke(actor.tenant(), id, actor.user())) {
      throw ApiException.conflict("revoked", "API key '" + id + "' is already revoked");
    }
    audit.record(
        actor, "apikey.revoke", "apikey/" + id, Audit.SUCCESS, Map.of("owner", k.username()));
    return ApiKeyView.of(keys.find(actor.tenant(), id).orElseThrow());
  }
}
