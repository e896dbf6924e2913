package dev.vigil.api.wazuh;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.wazuh.WazuhCache;
import dev.vigil.workflows.sync.WazuhSyncs;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The Wazuh app (DESIGN §8): agents and SCA summaries served from the cache the connection's sync
 * workflow keeps, with their freshness; the sync's status; sync now, pause, resume.
 */
@Service
public class WazuhApp {

  private static final Logger log = LoggerFactory.getLogger(WazuhApp.class);
  static final Set<String> STATUSES =
      Set.of("active", "pending", "never_connected", "disconnected");

  private final ConnectionRepository connections;
  private final WazuhCache cache;
  private final WorkflowClient temporal;
  private final Audit audit;
  private final EventReads events;

  WazuhApp(
      ConnectionRepository connections,
      DataSource dataSource,
      WorkflowClient temporal,
      Audit audit,
      EventReads events) {
    this.connections = connections;
    this.cache = new WazuhCache(dataSource);
    this.temporal = temporal;
    this.audit = audit;
    this.events = events;
  }

  /** An agent as the API shows it (DESIGN §8). */
  public record AgentView(
      String id,
      String name,
      String ip,
      String status,
      String version,
      Map<String, Object> os,
      Instant lastKeepAlive,
      Instant dateAdd,
      List<String> groups,
      String node,
      Instant syncedAt) {

    static AgentView of(WazuhCache.Agent a) {
      Map<String, Object> os = new LinkedHashMap<>();
      os.put("name", a.osName());
      os.put("version", a.osVersion());
      os.put("platform", a.osPlatform());
      return new AgentView(
          a.id(),
          a.name(),
          a.ip(),
          a.status(),
          a.version(),
          os,
          a.lastKeepAlive(),
          a.dateAdd(),
          a.groups(),
          a.node(),
          a.syncedAt());
    }
  }

  /** A Wazuh connection as the Wazuh app lists it. */
  public record ConnectionView(String name, String managerUrl, StatusView status) {}

  /** A page of agents and when the inventory was last read. */
  public record AgentsView(List<AgentView> items, String nextCursor, Instant syncedAt) {}

  /** One agent's SCA policies and when they were read. */
  public record ScaView(List<WazuhCache.Sca> items, Instant syncedAt) {}

  /**
   * The sync's status: when each part last completed, its lag (seconds since then), the last error,
   * the alerts ingested so far.
   */
  public record StatusView(
      boolean paused,
      Instant lastSuccess,
      String lastError,
      Instant lastErrorAt,
      Map<String, Object> lag,
      Map<String, Instant> syncedAt,
      long alertsIngested,
      boolean indexer) {}

  public List<ConnectionView> connections(Actor actor) {
    return connections.list(actor.tenant()).stream()
        .filter(c -> c.provider().equals("wazuh"))
        .map(
            c ->
                new ConnectionView(
                    c.name(),
                    String.valueOf(c.config().get("managerUrl")),
                    status(actor, c.name())))
        .toList();
  }

  public AgentsView agents(
      Actor actor, String connection, String status, String q, Integer limit, String cursor) {
    require(actor, connection);
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.invalid("/status", "status must be one of " + STATUSES);
    }
    var page =
        cache.agents(
            actor.tenant(),
            connection,
            status,
            blank(q) ? null : q.trim(),
            PageLimits.of(limit),
            cursor);
    return new AgentsView(
        page.items().stream().map(AgentView::of).toList(),
        page.nextCursor(),
        cache.state(actor.tenant(), connection).agentsSyncedAt());
  }

  public AgentView agent(Actor actor, String connection, String id) {
    require(actor, connection);
    return cache
        .agent(actor.tenant(), connection, id)
        .map(AgentView::of)
        .orElseThrow(
            () ->
                ApiException.notFound("no agent '" + id + "' in connection '" + connection + "'"));
  }

  public ScaView sca(Actor actor, String connection, String id) {
    agent(actor, connection, id);
    return new ScaView(
        cache.sca(actor.tenant(), connection, id),
        cache.state(actor.tenant(), connection).scaSyncedAt());
  }

  public StatusView status(Actor actor, String connection) {
    var c = require(actor, connection);
    WazuhCache.SyncState s = cache.state(actor.tenant(), connection);
    Instant now = Instant.now();
    Map<String, Instant> synced = new LinkedHashMap<>();
    synced.put("agents", s.agentsSyncedAt());
    synced.put("sca", s.scaSyncedAt());
    synced.put("alerts", s.alertsSyncedAt());
    Map<String, Object> lag = new LinkedHashMap<>();
    synced.forEach((k, v) -> lag.put(k, v == null ? null : Duration.between(v, now).toSeconds()));
    return new StatusView(
        s.paused(),
        s.lastSuccess(),
        s.lastError(),
        s.lastErrorAt(),
        lag,
        synced,
        s.alertsIngested(),
        c.config().get("indexerUrl") instanceof String u && !u.isBlank());
  }

  /** What a live read through the connection answered, and when. */
  public record LiveView(
      List<Object> items, long total, boolean truncated, List<Object> failed, Instant fetchedAt) {}

  /**
   * One Wazuh alert about an agent, from the event the sync ingested it as.
   *
   * @param eventId the event's id in Vigil (its detail in the events search)
   * @param level Wazuh's rule level, 0-15
   * @param mitre the rule's MITRE ATT&amp;CK technique ids
   */
  public record AlertView(
      Instant time,
      String eventId,
      String ruleId,
      Integer level,
      String description,
      List<String> groups,
      List<String> mitre,
      String location,
      String srcIp,
      String user) {}

  public record AlertsView(List<AlertView> items, String nextCursor) {}

  /** The agent's alerts timeline: the connection's Wazuh alerts about it, newest first. */
  public AlertsView alerts(
      Actor actor, String connection, String agentId, Integer limit, String cursor) {
    agent(actor, connection, agentId);
    var page =
        events.wazuhAlerts(actor.tenant(), connection, agentId, PageLimits.of(limit), cursor);
    return new AlertsView(page.items().stream().map(WazuhApp::alertOf).toList(), page.nextCursor());
  }

  @SuppressWarnings("unchecked")
  private static AlertView alertOf(Map<String, Object> doc) {
    Map<String, Object> attributes = map(doc.get("attributes"));
    Map<String, Object> rule = map(attributes.get("rule"));
    Object level = rule.get("level");
    return new AlertView(
        Instant.parse(String.valueOf(doc.get("time"))),
        String.valueOf(doc.get("id")),
        text(rule.get("id")),
        level instanceof Number n
            ? Integer.valueOf(n.intValue())
            : level == null ? null : Integer.valueOf(String.valueOf(level)),
        text(rule.get("description")),
        strings(rule.get("groups")),
        strings(map(rule.get("mitre")).get("id")),
        text(attributes.get("location")),
        text(map(doc.get("src")).get("ip")),
        text(map(doc.get("actor")).get("name")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /** The checks of one SCA policy on an agent, read live (failed ones by default). */
  public LiveView checks(
      Actor actor, String connection, String agentId, String policy, String result) {
    agent(actor, connection, agentId);
    if (result != null && !Set.of("passed", "failed", "not applicable").contains(result)) {
      throw ApiException.invalid("/result", "result must be passed, failed or not applicable");
    }
    Map<String, Object> with = new LinkedHashMap<>();
    with.put("agentId", agentId);
    with.put("policyId", policy);
    with.put("result", result == null ? "failed" : result);
    return live(actor, connection, "wazuh.sca.checks", with);
  }

  /** The agent's file-integrity records, read live. */
  public LiveView fim(Actor actor, String connection, String agentId, String search) {
    agent(actor, connection, agentId);
    Map<String, Object> with = new LinkedHashMap<>();
    with.put("agentId", agentId);
    if (!blank(search)) {
      with.put("search", search.trim());
    }
    return live(actor, connection, "wazuh.syscheck.files", with);
  }

  @SuppressWarnings("unchecked")
  private LiveView live(Actor actor, String connection, String action, Map<String, Object> with) {
    with.put("connection", connection);
    Map<String, Object> out =
        dev.vigil.api.integration.WorkerCalls.call(
            temporal,
            "ConnectionReadWorkflow",
            dev.vigil.workflows.integration.ConnectionReadWorkflow.id(
                actor.tenant(), connection, java.util.UUID.randomUUID().toString()),
            Map.class,
            LIVE_WAIT,
            action + " through '" + connection + "'",
            actor.tenant(),
            action,
            with);
    return new LiveView(
        (List<Object>) out.getOrDefault("items", List.of()),
        out.get("total") instanceof Number n ? n.longValue() : 0,
        Boolean.TRUE.equals(out.get("truncated")),
        (List<Object>) out.getOrDefault("failed", List.of()),
        Instant.now());
  }

  static final Duration LIVE_WAIT = Duration.ofSeconds(100);

  /** {@code syncNow}, {@code pause} or {@code resume}; starts the sync when it is not running. */
  public StatusView signal(Actor actor, String connection, String signal) {
    require(actor, connection);
    try {
      WazuhSyncs.start(
          temporal, actor.tenant(), connection, cache.state(actor.tenant(), connection).paused());
      WazuhSyncs.signal(temporal, actor.tenant(), connection, signal);
    } catch (RuntimeException e) {
      log.warn("sync {} of {}/{} failed: {}", signal, actor.tenant(), connection, e.toString());
      throw ApiException.unavailable(
          "the sync of '" + connection + "' could not be reached: is Temporal up?");
    }
    if (!signal.equals("syncNow")) {
      cache.paused(actor.tenant(), connection, signal.equals("pause"));
    }
    audit.record(
        actor, "wazuh.sync." + signal, "integration/" + connection, Audit.SUCCESS, Map.of());
    return status(actor, connection);
  }

  /** The connection, which must be a Wazuh one of the caller's tenant. */
  private ConnectionRepository.ConnectionRecord require(Actor actor, String connection) {
    return connections
        .get(actor.tenant(), connection)
        .filter(c -> c.provider().equals("wazuh"))
        .orElseThrow(() -> ApiException.notFound("no Wazuh connection '" + connection + "'"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
