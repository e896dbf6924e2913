package dev.vigil.api.identity;

import dev.vigil.api.identity.IdentityViews.TenantView;
import dev.vigil.api.identity.Tenants.CreateTenant;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tenants, for platform owners: create one (with its first owner) and list them. */
@RestController
@RequestMapping("/api/v1/tenants")
public class TenantController {

  private final Tenants service;

  public TenantController(Tenants service) {
    this.service = service;
  }

  @GetMapping
  @Requires(Permission.TENANT_MANAGE)
  public PageView<TenantView> list(
      Actor actor,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return service.list(actor, limit, cursor);
  }

  @PostMapping
  @Requires(Permission.TENANT_MANAGE)
  public ResponseEntity<TenantView> create(Actor actor, @RequestBody CreateTenant body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }
}
