package dev.vigil.activities.integration;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.workflows.integration.ConnectionTestResult;
import dev.vigil.workflows.integration.IntegrationActivities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tests connections with the probe of their provider. */
public class IntegrationActivitiesImpl implements IntegrationActivities {

  private static final Logger log = LoggerFactory.getLogger(IntegrationActivitiesImpl.class);

  private final ConnectionResolver connections;
  private final Map<String, ConnectionProbe> probes = new LinkedHashMap<>();
  private final dev.vigil.activities.system.ActionActivitiesImpl actions;

  /**
   * @param actions runs the read actions of {@link #read} (input checked, handler called)
   */
  public IntegrationActivitiesImpl(
      ConnectionResolver connections,
      List<ConnectionProbe> probes,
      dev.vigil.activities.system.ActionActivitiesImpl actions) {
    this.connections = connections;
    probes.forEach(p -> this.probes.put(p.provider(), p));
    this.actions = actions;
  }

  @Override
  public Object read(String tenant, String action, Map<String, Object> with) {
    var def = dev.vigil.playbook.catalog.ActionCatalog.bundled().find(action).orElse(null);
    if (def == null
        || def.connection() == null
        || def.sideEffectOf(with) != dev.vigil.playbook.catalog.SideEffect.READ) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
          action + " is not a read through a connection", "InvalidInput");
    }
    try {
      return actions.invoke(
          new dev.vigil.workflows.action.ActionRequest(tenant, "read", action, action, with), 1);
    } catch (ActionException e) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }

  @Override
  public ConnectionTestResult test(String tenant, String name) {
    long start = System.nanoTime();
    try {
      ResolvedConnection c = connections.resolve(tenant, name);
      ConnectionProbe probe = probes.get(c.provider());
      if (probe == null) {
        return result(false, "no test exists for " + c.provider() + " connections yet", start);
      }
      String reached = probe.probe(c);
      log.info("connection {}/{} tested: ok", tenant, name);
      return result(true, reached, start);
    } catch (ActionException e) {
      log.info("connection {}/{} tested: {} ({})", tenant, name, e.getMessage(), e.type());
      return result(false, e.getMessage(), start);
    }
  }

  private static ConnectionTestResult result(boolean ok, String message, long start) {
    return new ConnectionTestResult(ok, message, (System.nanoTime() - start) / 1_000_000);
  }
}
