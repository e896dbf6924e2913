package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.RetryingHttp;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.format.EventFormat;
import dev.vigil.detections.format.Formats;
import dev.vigil.detections.format.ParseContext;
import dev.vigil.detections.format.RecordException;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.wazuh.WazuhCache;
import dev.vigil.workflows.sync.SyncPass;
import dev.vigil.workflows.sync.WazuhSyncActivities;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The passes of {@code WazuhSyncWorkflow} against the manager API and the indexer. */
public class WazuhSyncActivitiesImpl implements WazuhSyncActivities {

  private static final Logger log = LoggerFactory.getLogger(WazuhSyncActivitiesImpl.class);

  /** Alerts younger than this are left for the next pass: the indexer may still add older ones. */
  public static final Duration SETTLE = Duration.ofMinutes(1);

  /** A new connection's first alerts pass starts this far back. */
  public static final Duration FIRST_LOOKBACK = Duration.ofHours(1);

  static final int ALERT_PAGE = 500;

  private final WazuhActions wazuh;
  private final ConnectionResolver connections;
  private final WazuhCache cache;
  private final EventWriter events;
  private final dev.vigil.store.settings.TenantSettingsRepository settings;
  private final dev.vigil.store.detection.AlertRepository alerts;
  private final Clock clock;
  private final RetryingHttp.Sleeper sleeper;
  private final EventFormat alertFormat =
      Formats.byName("wazuh-alert")
          .orElseThrow(() -> new IllegalStateException("no wazuh-alert format"));

  /** The most Wazuh agents a tenant's plan allows, over all its connections (empty: no limit). */
  private final java.util.function.Function<String, java.util.Optional<Long>> agentLimit;

  public WazuhSyncActivitiesImpl(
      WazuhActions wazuh,
      ConnectionResolver connections,
      WazuhCache cache,
      EventWriter events,
      dev.vigil.store.settings.TenantSettingsRepository settings,
      dev.vigil.store.detection.AlertRepository alerts,
      Clock clock,
      RetryingHttp.Sleeper sleeper,
      java.util.function.Function<String, java.util.Optional<Long>> agentLimit) {
    this.agentLimit = agentLimit;
    this.wazuh = wazuh;
    this.connections = connections;
    this.cache = cache;
    this.events = events;
    this.settings = settings;
    this.alerts = alerts;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public SyncPass agents(String tenant, String connection) {
    return recorded(
        tenant,
        connection,
        "agents",
        () -> {
          Instant at = clock.instant();
          WazuhClient.Listing l =
              wazuh.client(tenant, connection).getAll("/agents", Map.of("sort", "+id"), 0);
          List<WazuhCache.Agent> agents = new ArrayList<>();
          for (JsonNode a : l.items()) {
            agents.add(agent(a, at));
          }
          Long max = agentLimit.apply(tenant).orElse(null);
          int kept = cache.replaceAgents(tenant, connection, agents, at, max);
          if (kept < agents.size()) {
            log.warn(
                "tenant {}: the plan allows {} Wazuh agents; {} of the {} agents of {} are kept",
                tenant,
                max,
                kept,
                agents.size(),
                connection);
          }
          raiseDisconnected(tenant, connection, at);
          return new SyncPass(kept, false);
        });
  }

  /** The rule key of the alerts about agents disconnected for too long. */
  public static final String DISCONNECTED_RULE = "wazuh-agent-disconnected";

  /**
   * Raises one alert per disconnection longer than the tenant's {@code agentDisconnectedAfter}: its
   * id is made from the agent and its last keep-alive, so later passes change nothing until the
   * agent reconnects and disconnects again.
   */
  private void raiseDisconnected(String tenant, String connection, Instant at) {
    Duration after =
        dev.vigil.playbook.model.Durations.parse(settings.get(tenant).agentDisconnectedAfter())
            .orElse(Duration.ofHours(1));
    for (WazuhCache.Agent a : cache.disconnectedSince(tenant, connection, at.minus(after))) {
      UUID id =
          UUID.nameUUIDFromBytes(
              (DISCONNECTED_RULE
                      + "/"
                      + tenant
                      + "/"
                      + connection
                      + "/"
                      + a.id()
                      + "/"
                      + a.lastKeepAlive())
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      alerts.raiseSystemAlert(
          tenant,
          id,
          DISCONNECTED_RULE,
          "Wazuh agent "
              + a.id()
              + (a.name() == null ? "" : " (" + a.name() + ")")
              + " of "
              + connection
              + " disconnected since "
              + a.lastKeepAlive(),
          "medium",
          "host",
          a.name() == null ? a.id() : a.name(),
          Map.of("connection", connection, "agentId", a.id()),
          a.lastKeepAlive(),
          at);
    }
  }

  @Override
  public SyncPass sca(String tenant, String connection) {
    return recorded(
        tenant,
        connection,
        "sca",
        () -> {
          Instant at = clock.instant();
          WazuhClient client = wazuh.client(tenant, connection);
          int policies = 0;
          String cursor = null;
          do {
            var page = cache.agents(tenant, connection, null, null, 500, cursor);
            for (WazuhCache.Agent a : page.items()) {
              if ("never_connected".equals(a.status())) {
                continue; // no scan results to read
              }
              var l = client.getAll("/sca/" + WazuhClient.segment(a.id()), Map.of(), 0);
              List<WazuhCache.Sca> rows = new ArrayList<>();
              for (JsonNode p : l.items()) {
                rows.add(sca(a.id(), p, at));
              }
              cache.replaceSca(tenant, connection, a.id(), rows, at);
              policies += rows.size();
              Activity.getExecutionContext().heartbeat(a.id());
            }
            cursor = page.nextCursor();
          } while (cursor != null);
          cache.scaSynced(tenant, connection, at);
          return new SyncPass(policies, false);
        });
  }

  @Override
  public SyncPass alerts(String tenant, String connection, int maxPages) {
    return recorded(
        tenant,
        connection,
        "alerts",
        () -> {
          var c = connections.resolve(tenant, connection, WazuhSettings.PROVIDER);
          if (!(c.config().get("indexerUrl") instanceof String u) || u.isBlank()) {
            return new SyncPass(0, false); // alerts are read from the indexer: none configured
          }
          WazuhIndexer indexer = new WazuhIndexer(c, sleeper);
          Instant now = clock.instant();
          long until = now.minus(SETTLE).toEpochMilli();
          long from = now.minus(FIRST_LOOKBACK).toEpochMilli();
          int stored = 0;
          for (int page = 0; page < maxPages; page++) {
            WazuhCache.SyncState s = cache.state(tenant, connection);
            List<WazuhIndexer.Hit> hits =
                indexer.after(s.alertsAfterMs(), s.alertsAfterId(), from, until, ALERT_PAGE);
            if (hits.isEmpty()) {
              if (s.alertsAfterMs() == null) {
                // nothing in the first window: later passes go on from its end, not from a
                // window that slides with the clock
                cache.startAlertsAt(tenant, connection, until);
              }
              cache.alertsSynced(tenant, connection, now);
              return new SyncPass(stored, false);
            }
            stored += store(tenant, connection, hits, now);
            Activity.getExecutionContext().heartbeat(stored);
            if (hits.size() < ALERT_PAGE) {
              cache.alertsSynced(tenant, connection, now);
              return new SyncPass(stored, false);
            }
          }
          return new SyncPass(stored, true);
        });
  }

  /**
   * One page of alerts as events, with the cursor after its last alert, in one transaction. An
   * alert the parser refuses is logged and skipped (the cursor passes it): it would be refused on
   * every retry.
   */
  private int store(String tenant, String connection, List<WazuhIndexer.Hit> hits, Instant now) {
    List<Event> out = new ArrayList<>();
    ParseContext context = ParseContext.utc(now);
    for (WazuhIndexer.Hit h : hits) {
      try {
        for (Event e : alertFormat.parse(h.source(), context)) {
          out.add(
              e.withIntegration(connection)
                  .identified(
                      UUID.nameUUIDFromBytes(
                              (tenant + "/" + connection + "/" + h.id())
                                  .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                          .toString(),
                      tenant,
                      now));
        }
      } catch (RecordException e) {
        log.warn(
            "Wazuh alert {} of connection {}/{} is not a readable alert ({}); skipped",
            h.id(),
            tenant,
            connection,
            e.getMessage());
      }
    }
    WazuhIndexer.Hit last = hits.get(hits.size() - 1);
    events.append(
        tenant,
        "sync:" + connection,
        alertFormat.name(),
        out,
        hits.size() - out.size(),
        null,
        "{\"accepted\":" + out.size() + "}",
        jdbc ->
            cache.advanceAlerts(
                jdbc, tenant, connection, last.timestampMs(), last.id(), out.size()));
    return out.size();
  }

  /** Runs a pass; a failure is written to the sync's status (without secrets) and rethrown. */
  private SyncPass recorded(
      String tenant, String connection, String part, Supplier<SyncPass> pass) {
    try {
      SyncPass r = pass.get();
      log.info(
          "{} sync of {}/{}: {} item(s){}",
          part,
          tenant,
          connection,
          r.items(),
          r.more() ? ", more to read" : "");
      return r;
    } catch (dev.vigil.activities.system.ActionException e) {
      if (!ConnectionResolver.NOT_FOUND.equals(e.type())) {
        cache.failed(tenant, connection, part + ": " + e.getMessage(), clock.instant());
      }
      // the type, not the class, is what the workflow's retry policy and backoff read
      throw io.temporal.failure.ApplicationFailure.newFailureWithCause(
          e.getMessage(), e.type(), null);
    } catch (RuntimeException e) {
      cache.failed(tenant, connection, part + ": " + e, clock.instant());
      throw e;
    }
  }

  static WazuhCache.Agent agent(JsonNode a, Instant at) {
    List<String> groups = new ArrayList<>();
    a.path("group").forEach(g -> groups.add(g.asText()));
    return new WazuhCache.Agent(
        a.path("id").asText(),
        text(a, "name"),
        text(a, "ip"),
        text(a, "status"),
        text(a, "version"),
        text(a.path("os"), "name"),
        text(a.path("os"), "version"),
        text(a.path("os"), "platform"),
        time(a, "lastKeepAlive"),
        time(a, "dateAdd"),
        groups,
        text(a, "node_name"),
        at);
  }

  static WazuhCache.Sca sca(String agentId, JsonNode p, Instant at) {
    return new WazuhCache.Sca(
        agentId,
        p.path("policy_id").asText(),
        text(p, "name"),
        text(p, "description"),
        number(p, "score"),
        number(p, "pass"),
        number(p, "fail"),
        number(p, "invalid"),
        number(p, "total_checks"),
        time(p, "end_scan"),
        at);
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.path(f);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static Integer number(JsonNode n, String f) {
    JsonNode v = n.path(f);
    return v.canConvertToInt() ? v.asInt() : null;
  }

  /**
   * Wazuh's times: ISO-8601 with {@code Z}; {@code 9999-12-31T23:59:59Z} is the manager's own
   * "always" keep-alive and is kept as it is.
   */
  private static Instant time(JsonNode n, String f) {
    String v = text(n, f);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      log.debug("unreadable Wazuh time {}={}", f, v);
      return null;
    }
  }
}
