package dev.vigil.api.settings;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.store.settings.TenantSettings;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's settings. */
@RestController
@RequestMapping("/api/v1/settings")
public class SettingsController {

  private final Settings settings;

  public SettingsController(Settings settings) {
    this.settings = settings;
  }

  @GetMapping
  @Requires(Permission.SETTINGS_READ)
  public TenantSettings get(Actor actor) {
    return settings.get(actor);
  }

  @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.SETTINGS_MANAGE)
  public TenantSettings patch(Actor actor, @RequestBody String body) {
    return settings.patch(actor, body);
  }
}
