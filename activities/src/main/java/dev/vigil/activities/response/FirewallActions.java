package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A firewall's address alias (OPNsense's alias API, which pfSense packages mirror): blocking an
 * address adds it to the connection's block alias ({@code POST /api/firewall/alias_util/add/{alias}
 * {"address": …}}), unblocking removes it ({@code …/delete/…}); the firewall's rules drop what the
 * alias holds. The key and secret are the API's basic credentials. OPNsense answers {@code
 * {"status": "done"}}; anything else is refused with what it said.
 */
public final class FirewallActions {

  static final ServiceHttp.Types TYPES = ServiceHttp.Types.of("Firewall");

  private final ConnectionResolver connections;

  public FirewallActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  public record IpInput(String connection, String ip) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "firewall.block_ip", IpInput.class, (in, ctx) -> alias(ctx.tenant(), in, "add")),
        ActionHandler.of(
            "firewall.unblock_ip", IpInput.class, (in, ctx) -> alias(ctx.tenant(), in, "delete")));
  }

  private Map<String, Object> alias(String tenant, IpInput in, String op) {
    String ip = Connectors.address(in.ip());
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "opnsense");
    String alias = String.valueOf(c.config().getOrDefault("alias", "vigil_blocklist"));
    JsonNode answer =
        Connectors.call(
                c,
                "POST",
                Connectors.base(c, "url")
                    + "/api/firewall/alias_util/"
                    + op
                    + "/"
                    + Connectors.path(alias),
                Map.of(
                    "Authorization",
                    Connectors.basic(
                        Connectors.secret(c, "apiKey", TYPES),
                        Connectors.secret(c, "apiSecret", TYPES))),
                Map.of("address", ip),
                "OPNsense",
                TYPES)
            .orElse(null);
    String status = answer == null ? "" : answer.path("status").asText();
    if (!"done".equals(status)) {
      throw new ActionException(
          TYPES.refused(), "OPNsense did not " + op + " " + ip + " (" + alias + "): " + answer);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", ip);
    out.put("alias", alias);
    out.put(op.equals("add") ? "blocked" : "unblocked", true);
    return out;
  }
}
