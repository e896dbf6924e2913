package dev.vigil.api.wazuh;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Wazuh app's API (DESIGN §8), served from the synced cache. */
@RestController
@RequestMapping("/api/v1/wazuh/{connection}")
public class WazuhController {

  private final WazuhApp app;

  public WazuhController(WazuhApp app) {
    this.app = app;
  }

  @GetMapping("/agents")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.AgentsView agents(
      Actor actor,
      @PathVariable String connection,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return app.agents(actor, connection, status, q, limit, cursor);
  }

  @GetMapping("/agents/{id}")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.AgentView agent(
      Actor actor, @PathVariable String connection, @PathVariable String id) {
    return app.agent(actor, connection, id);
  }

  @GetMapping("/agents/{id}/sca")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.ScaView sca(
      Actor actor, @PathVariable String connection, @PathVariable String id) {
    return app.sca(actor, connection, id);
  }

  @GetMapping("/status")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.StatusView status(Actor actor, @PathVariable String connection) {
    return app.status(actor, connection);
  }

  /** Every part of the sync runs now. */
  @PostMapping("/sync")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView sync(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "syncNow");
  }

  @PostMapping("/sync/pause")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView pause(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "pause");
  }

  @PostMapping("/sync/resume")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView resume(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "resume");
  }
}
