package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code wazuh.*} actions. Each names its connection ({@code with.connection}); the connection
 * is resolved here, on the worker, so its secrets never enter workflow history. One {@link
 * WazuhClient} is kept per connection version, so its token is reused across calls and a changed
 * connection is used at once.
 */
public final class WazuhActions {

  private static final Logger log = LoggerFactory.getLogger(WazuhActions.class);

  /** Default and largest number of items a listing action returns. */
  static final int DEFAULT_MAX = 500;

  private final ConnectionResolver connections;
  private final Function<WazuhSettings, WazuhClient> clients;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(int version, WazuhClient client) {}

  public WazuhActions(ConnectionResolver connections) {
    this(connections, WazuhClient::new);
  }

  public WazuhActions(
      ConnectionResolver connections, Function<WazuhSettings, WazuhClient> clients) {
    this.connections = connections;
    this.clients = clients;
  }

  /** Input of {@code wazuh.agents.list}. */
  public record AgentsInput(
      String connection, List<String> status, String group, String q, String search, Integer max) {}

  /** Input of the actions on one agent. */
  public record AgentInput(String connection, String agentId) {}

  /** Input of {@code wazuh.sca.checks}. */
  public record ScaChecksInput(
      String connection, String agentId, String policyId, String result, Integer max) {}

  /** Input of {@code wazuh.syscheck.files}. */
  public record SyscheckInput(
      String connection, String agentId, String type, String search, String file, Integer max) {}

  /** Input of {@code wazuh.rootcheck}. */
  public record RootcheckInput(String connection, String agentId, String status, Integer max) {}

  /** Input of {@code wazuh.active_response}. */
  public record ActiveResponseInput(
      String connection,
      List<String> agents,
      String command,
      List<String> arguments,
      Map<String, Object> alert) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        handler("wazuh.agents.list", AgentsInput.class, AgentsInput::connection, this::agents),
        handler("wazuh.agent.get", AgentInput.class, AgentInput::connection, this::agent),
        handler("wazuh.agent.restart", AgentInput.class, AgentInput::connection, this::restart),
        handler("wazuh.sca.policies", AgentInput.class, AgentInput::connection, this::policies),
        handler("wazuh.sca.checks", ScaChecksInput.class, ScaChecksInput::connection, this::checks),
        handler(
            "wazuh.syscheck.files", SyscheckInput.class, SyscheckInput::connection, this::files),
        handler(
            "wazuh.rootcheck", RootcheckInput.class, RootcheckInput::connection, this::rootcheck),
        handler(
            "wazuh.active_response",
            ActiveResponseInput.class,
            ActiveResponseInput::connection,
            this::activeResponse));
  }

  /** The client of a tenant's connection, resolved now (secrets opened on this worker). */
  public WazuhClient client(String tenant, String connection) {
    ResolvedConnection c = connections.resolve(tenant, connection, WazuhSettings.PROVIDER);
    String key = tenant + "/" + connection;
    Cached hit = cache.get(key);
    if (hit != null && hit.version() == c.version()) {
      return hit.client();
    }
    WazuhClient client = clients.apply(WazuhSettings.of(c));
    cache.put(key, new Cached(c.version(), client));
    return client;
  }

  private Object agents(WazuhClient w, AgentsInput in) {
    Map<String, Object> q = new LinkedHashMap<>();
    if (in.status() != null && !in.status().isEmpty()) {
      q.put("status", in.status());
    }
    // GET /agents has no group parameter: a group is a condition of the query language
    String query = in.group() == null || in.group().isBlank() ? in.q() : "group=" + in.group();
    if (in.group() != null && !in.group().isBlank() && in.q() != null && !in.q().isBlank()) {
      query = "group=" + in.group() + ";(" + in.q() + ")";
    }
    q.put("q", query);
    q.put("search", in.search());
    q.put("sort", "+id");
    WazuhClient.Listing l = w.getAll("/agents", q, max(in.max()));
    List<Object> items = new ArrayList<>();
    l.items().forEach(a -> items.add(WazuhAgents.view(a)));
    return listing(items, l);
  }

  private Object agent(WazuhClient w, AgentInput in) {
    WazuhResponse r = w.get("/agents", Map.of("agents_list", agentId(in.agentId())));
    if (r.affected().isEmpty()) {
      throw refused("agent " + in.agentId(), r);
    }
    return WazuhAgents.view(r.affected().get(0));
  }

  private Object restart(WazuhClient w, AgentInput in) {
    WazuhResponse r =
        w.put("/agents/" + WazuhClient.segment(agentId(in.agentId())) + "/restart", Map.of(), null);
    if (r.affected().isEmpty()) {
      throw refused("restart of agent " + in.agentId(), r);
    }
    return Map.of("agentId", in.agentId(), "message", String.valueOf(r.message()));
  }

  private Object policies(WazuhClient w, AgentInput in) {
    var l = w.getAll("/sca/" + WazuhClient.segment(agentId(in.agentId())), Map.of(), DEFAULT_MAX);
    return listing(plain(l.items()), l);
  }

  private Object checks(WazuhClient w, ScaChecksInput in) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("result", in.result());
    var l =
        w.getAll(
            "/sca/"
                + WazuhClient.segment(agentId(in.agentId()))
                + "/checks/"
                + WazuhClient.segment(in.policyId()),
            q,
            max(in.max()));
    return listing(plain(l.items()), l);
  }

  private Object files(WazuhClient w, SyscheckInput in) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("type", in.type());
    q.put("search", in.search());
    q.put("file", in.file());
    var l = w.getAll("/syscheck/" + WazuhClient.segment(agentId(in.agentId())), q, max(in.max()));
    return listing(plain(l.items()), l);
  }

  private Object rootcheck(WazuhClient w, RootcheckInput in) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("status", in.status());
    var l = w.getAll("/rootcheck/" + WazuhClient.segment(agentId(in.agentId())), q, max(in.max()));
    return listing(plain(l.items()), l);
  }

  /**
   * Runs an active-response command on the named agents — never on all of them: Wazuh reads a
   * missing {@code agents_list} as every agent, so an empty list is refused here whatever the
   * playbook computed.
   */
  private Object activeResponse(WazuhClient w, ActiveResponseInput in) {
    List<String> agents = in.agents() == null ? List.of() : in.agents();
    if (agents.isEmpty()) {
      throw new dev.vigil.activities.system.ActionException(
          FailureTypes.INVALID_INPUT,
          "wazuh.active_response refuses an empty agents list: Wazuh would run '"
              + in.command()
              + "' on every agent");
    }
    List<String> ids = agents.stream().map(WazuhActions::agentId).distinct().toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("command", in.command());
    if (in.arguments() != null && !in.arguments().isEmpty()) {
      body.put("arguments", in.arguments());
    }
    if (in.alert() != null) {
      body.put("alert", in.alert());
    }
    WazuhResponse r = w.put("/active-response", Map.of("agents_list", String.join(",", ids)), body);
    if (r.affected().isEmpty()) {
      throw refused("active response '" + in.command() + "'", r);
    }
    if (r.partial()) {
      log.warn(
          "active response '{}' reached {} of {} agents; failures: {}",
          in.command(),
          r.affected().size(),
          ids.size(),
          r.failed());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("command", in.command());
    out.put("affected", r.affected().stream().map(JsonNode::asText).toList());
    out.put("failed", failures(r.failed()));
    out.put("partial", r.partial());
    out.put("message", r.message());
    return out;
  }

  /** Wazuh's items as plain JSON values (maps, lists), as every action output is. */
  private static List<Object> plain(List<JsonNode> items) {
    List<Object> out = new ArrayList<>();
    items.forEach(i -> out.add(dev.vigil.playbook.json.Json.toJava(i)));
    return out;
  }

  private static Map<String, Object> listing(List<Object> items, WazuhClient.Listing l) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("total", l.total());
    out.put("truncated", l.truncated());
    out.put("failed", failures(l.failed()));
    return out;
  }

  static List<Map<String, Object>> failures(List<WazuhResponse.Failure> failed) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (WazuhResponse.Failure f : failed) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ids", f.ids());
      m.put("code", f.code());
      m.put("message", f.message());
      if (f.remediation() != null) {
        m.put("remediation", f.remediation());
      }
      out.add(m);
    }
    return out;
  }

  private static WazuhException refused(String what, WazuhResponse r) {
    StringBuilder b = new StringBuilder(what).append(" failed in Wazuh");
    for (WazuhResponse.Failure f : r.failed()) {
      b.append("; ")
          .append(f.ids())
          .append(": ")
          .append(f.message())
          .append(" (")
          .append(f.code())
          .append(')');
    }
    if (r.failed().isEmpty() && r.message() != null) {
      b.append(": ").append(r.message());
    }
    return new WazuhException(WazuhException.REFUSED, 200, b.toString());
  }

  private static int max(Integer max) {
    return max == null ? DEFAULT_MAX : max;
  }

  /** Wazuh agent ids are at least three digits ("1" is agent "001"). */
  static String agentId(String id) {
    String t = id == null ? "" : id.trim();
    if (!t.matches("[0-9]{1,9}")) {
      throw new dev.vigil.activities.system.ActionException(
          FailureTypes.INVALID_INPUT, "'" + id + "' is not a Wazuh agent id (digits, e.g. 001)");
    }
    return t.length() >= 3 ? t : "0".repeat(3 - t.length()) + t;
  }

  private <I> ActionHandler<I> handler(
      String name,
      Class<I> type,
      Function<I, String> connectionOf,
      BiFunction<WazuhClient, I, Object> call) {
    return ActionHandler.of(
        name,
        type,
        (input, ctx) -> call.apply(client(ctx.tenant(), connectionOf.apply(input)), input));
  }
}
