package dev.vigil.api.integration;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.playbook.integration.Providers;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Connections (DESIGN §8): admins manage them, engineers read their configuration. */
@RestController
@RequestMapping("/api/v1/integrations")
public class IntegrationController {

  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

  private final Integrations integrations;
  private final ConnectionTests tests;

  public IntegrationController(Integrations integrations, ConnectionTests tests) {
    this.integrations = integrations;
    this.tests = tests;
  }

  @GetMapping("/providers")
  @Requires(Permission.INTEGRATION_READ)
  public List<Providers.Provider> providers() {
    return Providers.all();
  }

  @GetMapping
  @Requires(Permission.INTEGRATION_READ)
  public List<ApiConnection> list(Actor actor) {
    return integrations.list(actor);
  }

  @PostMapping(consumes = JSON)
  @ResponseStatus(HttpStatus.CREATED)
  @Requires(Permission.INTEGRATION_MANAGE)
  public ApiConnection create(Actor actor, @RequestBody Integrations.CreateRequest body) {
    return integrations.create(actor, body);
  }

  @GetMapping("/{name}")
  @Requires(Permission.INTEGRATION_READ)
  public ApiConnection get(Actor actor, @PathVariable String name) {
    return integrations.get(actor, name);
  }

  @PatchMapping(path = "/{name}", consumes = JSON)
  @Requires(Permission.INTEGRATION_MANAGE)
  public ApiConnection update(
      Actor actor, @PathVariable String name, @RequestBody Integrations.UpdateRequest body) {
    return integrations.update(actor, name, body);
  }

  @DeleteMapping("/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Requires(Permission.INTEGRATION_MANAGE)
  public void delete(Actor actor, @PathVariable String name) {
    integrations.delete(actor, name);
  }

  /**
   * A worker logs in with the connection and makes one read-only call: {@code {ok, message,
   * latencyMs}}.
   */
  @PostMapping("/{name}/test")
  @Requires(Permission.INTEGRATION_MANAGE)
  public dev.vigil.workflows.integration.ConnectionTestResult test(
      Actor actor, @PathVariable String name) {
    return tests.test(actor, name);
  }

  @GetMapping("/{name}/versions")
  @Requires(Permission.INTEGRATION_READ)
  public List<ApiConnection.Version> versions(Actor actor, @PathVariable String name) {
    return integrations.versions(actor, name);
  }

  @PostMapping(path = "/{name}/versions/{version}/restore", consumes = JSON)
  @Requires(Permission.INTEGRATION_MANAGE)
  public ApiConnection restore(Actor actor, @PathVariable String name, @PathVariable int version) {
    return integrations.restore(actor, name, version);
  }
}
