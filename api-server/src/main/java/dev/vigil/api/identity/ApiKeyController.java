package dev.vigil.api.identity;

import dev.vigil.api.identity.ApiKeys.CreateApiKey;
import dev.vigil.api.identity.IdentityViews.ApiKeyView;
import dev.vigil.api.identity.IdentityViews.CreatedApiKey;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys for automation. Each key acts as the member who created it, in this tenant, with a role
 * no higher than theirs; its secret is shown once and stored as a hash. Members manage their own
 * keys; admins and owners see and revoke everyone's. Keys cannot create keys.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
public class ApiKeyController {

  private final ApiKeys service;

  public ApiKeyController(ApiKeys service) {
    this.service = service;
  }

  @PostMapping
  @Requires(Permission.API_KEY_OWN)
  public ResponseEntity<CreatedApiKey> create(Actor actor, @RequestBody CreateApiKey body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @GetMapping
  @Requires(Permission.API_KEY_OWN)
  public PageView<ApiKeyView> list(
      Actor actor,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return service.list(actor, limit, cursor);
  }

  @PostMapping("/{id}/revoke")
  @Requires(Permission.API_KEY_OWN)
  public ApiKeyView revoke(Actor actor, @PathVariable String id) {
    return service.revoke(actor, id);
  }
}
