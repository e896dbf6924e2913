package dev.vigil.api.billing;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's plan, its limits and modules, and its usage of each limit. */
@RestController
public class EntitlementsController {

  private final Entitlements entitlements;

  public EntitlementsController(Entitlements entitlements) {
    this.entitlements = entitlements;
  }

  @GetMapping("/api/v1/entitlements")
  @Requires(Permission.SETTINGS_READ)
  public Entitlements.View get(Actor actor) {
    return entitlements.view(actor);
  }
}
