package dev.vigil.api.identity;

import dev.vigil.api.identity.Roles.CreateRole;
import dev.vigil.api.identity.Roles.RoleView;
import dev.vigil.api.identity.Roles.UpdateRole;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's roles: built-in ones to read, custom ones to compose from the permissions, change
 * and delete — never beyond the caller's own permissions.
 */
@RestController
@RequestMapping("/api/v1/roles")
public class RoleController {

  private final Roles service;

  public RoleController(Roles service) {
    this.service = service;
  }

  @GetMapping
  @Requires(Permission.USER_READ)
  public Map<String, List<RoleView>> list(Actor actor) {
    return Map.of("items", service.list(actor));
  }

  @GetMapping("/{name}")
  @Requires(Permission.USER_READ)
  public RoleView get(Actor actor, @PathVariable String name) {
    return service.get(actor, name);
  }

  @PostMapping
  @Requires(Permission.ROLE_MANAGE)
  public ResponseEntity<RoleView> create(Actor actor, @RequestBody CreateRole body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @PatchMapping("/{name}")
  @Requires(Permission.ROLE_MANAGE)
  public RoleView update(Actor actor, @PathVariable String name, @RequestBody UpdateRole body) {
    return service.update(actor, name, body);
  }

  @DeleteMapping("/{name}")
  @Requires(Permission.ROLE_MANAGE)
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String name) {
    service.delete(actor, name);
    return ResponseEntity.noContent().build();
  }
}
