package dev.vigil.api.wazuh;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Wazuh app's API (DESIGN §8), served from the synced cache. */
@PlanModule("wazuh")
@RestController
@RequestMapping("/api/v1/wazuh")
public class WazuhController {

  private final WazuhApp app;

  public WazuhController(WazuhApp app) {
    this.app = app;
  }

  /** The tenant's Wazuh connections, each with its manager and its sync's status. */
  @GetMapping
  @Requires(Permission.WAZUH_READ)
  public java.util.List<WazuhApp.ConnectionView> connections(Actor actor) {
    return app.connections(actor);
  }

  @GetMapping("/{connection}/agents")
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

  @GetMapping("/{connection}/agents/{id}")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.AgentView agent(
      Actor actor, @PathVariable String connection, @PathVariable String id) {
    return app.agent(actor, connection, id);
  }

  @GetMapping("/{connection}/agents/{id}/sca")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.ScaView sca(
      Actor actor, @PathVariable String connection, @PathVariable String id) {
    return app.sca(actor, connection, id);
  }

  /** The agent's alerts timeline: the Wazuh alerts the sync ingested about it, newest first. */
  @GetMapping("/{connection}/agents/{id}/alerts")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.AlertsView alerts(
      Actor actor,
      @PathVariable String connection,
      @PathVariable String id,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return app.alerts(actor, connection, id, limit, cursor);
  }

  /** The checks of one SCA policy, read live from the manager by a worker. */
  @GetMapping("/{connection}/agents/{id}/sca/{policy}/checks")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.LiveView checks(
      Actor actor,
      @PathVariable String connection,
      @PathVariable String id,
      @PathVariable String policy,
      @RequestParam(required = false) String result) {
    return app.checks(actor, connection, id, policy, result);
  }

  /** File-integrity records of the agent, read live from the manager by a worker. */
  @GetMapping("/{connection}/agents/{id}/fim")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.LiveView fim(
      Actor actor,
      @PathVariable String connection,
      @PathVariable String id,
      @RequestParam(required = false) String search) {
    return app.fim(actor, connection, id, search);
  }

  @GetMapping("/{connection}/status")
  @Requires(Permission.WAZUH_READ)
  public WazuhApp.StatusView status(Actor actor, @PathVariable String connection) {
    return app.status(actor, connection);
  }

  /** Every part of the sync runs now. */
  @PostMapping("/{connection}/sync")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView sync(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "syncNow");
  }

  @PostMapping("/{connection}/sync/pause")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView pause(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "pause");
  }

  @PostMapping("/{connection}/sync/resume")
  @Requires(Permission.WAZUH_SYNC)
  public WazuhApp.StatusView resume(Actor actor, @PathVariable String connection) {
    return app.signal(actor, connection, "resume");
  }
}
