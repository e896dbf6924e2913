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

  public IntegrationActivitiesImpl(ConnectionResolver connections, List<ConnectionProbe> probes) {
    this.connections = connections;
    probes.forEach(p -> this.probes.put(p.provider(), p));
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
