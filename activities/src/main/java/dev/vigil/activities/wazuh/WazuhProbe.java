package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.integration.ConnectionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Tests a Wazuh connection: logs in with its credentials (a fresh client, so the current settings
 * are what is tested), reads {@code GET /manager/info} and counts the agents.
 */
public final class WazuhProbe implements ConnectionProbe {

  @Override
  public String provider() {
    return WazuhSettings.PROVIDER;
  }

  @Override
  public String probe(ResolvedConnection connection) {
    WazuhSettings s = WazuhSettings.of(connection);
    WazuhClient client =
        new WazuhClient(
            s,
            Clock.systemUTC(),
            dev.vigil.activities.connection.RetryingHttp.Sleeper.REAL,
            2,
            Duration.ofMillis(500));
    WazuhResponse info = client.get("/manager/info", Map.of());
    JsonNode manager = info.affected().isEmpty() ? info.data() : info.affected().get(0);
    long agents = client.get("/agents", Map.of("limit", "1", "select", "id")).totalAffected();
    StringBuilder b =
        new StringBuilder("Wazuh manager ")
            .append(manager.path("version").asText("(version unknown)"))
            .append(" at ")
            .append(s.managerUrl())
            .append(" answered user ")
            .append(s.username())
            .append("; ")
            .append(agents)
            .append(agents == 1 ? " agent" : " agents");
    if (!s.verifyTls() && "https".equalsIgnoreCase(s.managerUrl().getScheme())) {
      b.append(". TLS verification is OFF for this connection");
    }
    return b.toString();
  }
}
