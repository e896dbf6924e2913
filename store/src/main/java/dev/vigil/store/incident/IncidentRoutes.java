package dev.vigil.store.incident;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Correlation state: the alerts waiting to be routed to an incident, and the incident each
 * correlation key currently routes to. An alert is routed once (its incident id is written in the
 * routing transaction) and delivered until the incident confirms it.
 */
public class IncidentRoutes {

  private final TenantJdbc db;

  public IncidentRoutes(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** An alert waiting for its incident; {@code incidentId} is set once it was routed. */
  public record PendingAlert(
      String id,
      String ruleKey,
      int ruleVersion,
      String title,
      String severity,
      String entityKind,
      String entityValue,
      Map<String, String> group,
      List<String> mitre,
      Instant firstSeen,
      Instant lastSeen,
      long eventCount,
      String incidentId) {}

  /** Where a key routes: the incident, when it last had an alert, and its state. */
  public record Route(
      String incidentId, Instant lastAlertAt, String status, String mergedInto, boolean exists) {}

  public TenantJdbc db() {
    return db;
  }

  /** Tenants with alerts waiting. */
  public List<String> tenantsWithPending() {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql("select distinct tenant_id from alerts where routing = 'pending'")
                .query(String.class)
                .list());
  }

  /** Incidents not yet resolved or closed, by severity, across tenants (a metrics gauge). */
  public java.util.Map<String, Long> openBySeverity() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "select severity, count(*) from incidents where status not in ('resolved',"
                        + " 'closed') group by severity")
                .query((rs, n) -> out.put(rs.getString(1), rs.getLong(2)))
                .list());
    return out;
  }

  /** Up to {@code limit} waiting alerts, oldest first, locked against other routers. */
  public List<PendingAlert> claim(JdbcClient jdbc, String tenant, int limit) {
    return jdbc.sql(
            "select id::text, rule_key, rule_version, title, severity, entity_kind, entity_value,"
                + " group_values::text, mitre, first_seen, last_seen, event_count, incident_id"
                + " from alerts where tenant_id = :t and routing = 'pending' order by created_at,"
                + " id limit :l for update skip locked")
        .param("t", tenant)
        .param("l", limit)
        .query(
            (rs, n) -> {
              Map<String, String> group = new LinkedHashMap<>();
              JsonColumns.readMap(rs.getString(8))
                  .forEach((k, v) -> group.put(k, v == null ? null : String.valueOf(v)));
              java.sql.Array mitre = rs.getArray(9);
              return new PendingAlert(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getInt(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  group,
                  mitre == null ? List.of() : Arrays.asList((String[]) mitre.getArray()),
                  rs.getTimestamp(10).toInstant(),
                  rs.getTimestamp(11).toInstant(),
                  rs.getLong(12),
                  rs.getString(13));
            })
        .list();
  }

  public Optional<Route> route(JdbcClient jdbc, String tenant, String key) {
    return jdbc.sql(
            "select r.incident_id, r.last_alert_at, i.status, i.merged_into, i.id is not null from"
                + " incident_routes r left join incidents i on i.tenant_id = r.tenant_id and i.id ="
                + " r.incident_id where r.tenant_id = :t and r.correlation_key = :k for update of r")
        .param("t", tenant)
        .param("k", key)
        .query(
            (rs, n) ->
                new Route(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getBoolean(5)))
        .optional();
  }

  /** The status and merge target of an incident, if it is recorded yet. */
  public Optional<Route> incident(JdbcClient jdbc, String tenant, String incidentId) {
    return jdbc.sql(
            "select id, updated_at, status, merged_into, true from incidents where tenant_id = :t"
                + " and id = :id")
        .param("t", tenant)
        .param("id", incidentId)
        .query(
            (rs, n) ->
                new Route(
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getString(3),
                    rs.getString(4),
                    true))
        .optional();
  }

  public void saveRoute(JdbcClient jdbc, String tenant, String key, String incidentId, Instant at) {
    jdbc.sql(
            "insert into incident_routes (tenant_id, correlation_key, incident_id, last_alert_at)"
                + " values (:t, :k, :i, :at) on conflict (tenant_id, correlation_key) do update set"
                + " incident_id = excluded.incident_id, last_alert_at = case when"
                + " incident_routes.incident_id = excluded.incident_id then greatest("
                + "incident_routes.last_alert_at, excluded.last_alert_at) else"
                + " excluded.last_alert_at end")
        .param("t", tenant)
        .param("k", key)
        .param("i", incidentId)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** Records the incident an alert was routed to (it stays pending until delivered). */
  public void assign(JdbcClient jdbc, String tenant, String alertId, String incidentId) {
    jdbc.sql(
            "update alerts set incident_id = :i, updated_at = now() where tenant_id = :t and id ="
                + " :a::uuid")
        .param("t", tenant)
        .param("a", alertId)
        .param("i", incidentId)
        .update();
  }

  /** The alert opens no incident (below the policy's minimum severity). */
  public void skip(JdbcClient jdbc, String tenant, String alertId) {
    jdbc.sql(
            "update alerts set routing = 'skipped', updated_at = now() where tenant_id = :t and id"
                + " = :a::uuid")
        .param("t", tenant)
        .param("a", alertId)
        .update();
  }

  /** The incident has the alert: delivery is done. */
  public void delivered(String tenant, List<String> alertIds) {
    if (alertIds.isEmpty()) {
      return;
    }
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update alerts set routing = 'sent' where tenant_id = :t and id ="
                        + " any(:ids::uuid[]) and routing = 'pending'")
                .param("t", tenant)
                .param("ids", "{" + String.join(",", alertIds) + "}")
                .update());
  }

  /** The incident an alert was routed to cannot take it (it ended): route it afresh. */
  public void reroute(String tenant, String alertId) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update alerts set incident_id = null where tenant_id = :t and id = :a::uuid"
                        + " and routing = 'pending'")
                .param("t", tenant)
                .param("a", alertId)
                .update());
  }
}
