package dev.vigil.store.incident;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads of the incident projection: the queue, one incident and its parts, the metrics. */
public class IncidentReads {

  private static final String COLUMNS =
      "tenant_id, id, workflow_id, seq, title, description, status, severity, assignee,"
          + " entities::text, tags, opened_by, opened_at, updated_at, correlation_key,"
          + " acknowledge_by, contain_by, resolve_by, sla_paused, breached, breaches, warnings,"
          + " close_reason, merged_into, time_to_acknowledge, time_to_contain, time_to_resolve,"
          + " handling_time, policy_versions::text, alert_count, event_count";

  private final TenantJdbc db;

  public IncidentReads(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A timeline entry as stored. */
  public record TimelineItem(
      String originIncident,
      long seq,
      Instant at,
      String actor,
      String kind,
      String summary,
      Map<String, Object> data) {}

  /**
   * An observable of an incident with its sightings across the tenant: how many incidents and
   * alerts saw it, first and last seen, and the other incidents that share it.
   */
  public record ObservableItem(
      String kind,
      String value,
      String tlp,
      Instant firstSeen,
      Instant lastSeen,
      long sightings,
      List<String> sources,
      String originIncident,
      long incidents,
      long alerts,
      Instant firstSeenAnywhere,
      Instant lastSeenAnywhere,
      List<String> otherIncidents) {}

  /** A run the incident started, with its current status. */
  public record RunItem(
      String runId, String playbook, String responseId, Instant startedAt, String status) {}

  /** An alert's provenance within the incident. */
  public record AlertLink(String alertId, Instant attachedAt, String attachedBy, String origin) {}

  public Page<IncidentRow> list(String tenant, IncidentFilter f, int limit, String cursor) {
    Where w = new Where("tenant_id = :t", "t", tenant);
    if ("open".equals(f.status())) {
      w.andAll(true, "status not in ('resolved', 'closed')", Map.of());
    } else {
      w.and("status = :status", "status", f.status());
    }
    w.and("severity = :sev", "sev", f.severity())
        .and("assignee = :assignee", "assignee", PostgresText.clean(f.assignee()))
        // equality lookups: under row-level security the GIN indexes are not used (see V008)
        .and(
            "id in (select e.incident_id from incident_entities e where e.tenant_id = :t and"
                + " e.value = :entity)",
            "entity",
            PostgresText.clean(f.entity()))
        .and(
            "id in (select g.incident_id from incident_tags g where g.tenant_id = :t and g.tag ="
                + " :tag)",
            "tag",
            PostgresText.clean(f.tag()))
        .and("breached = :breached", "breached", f.breached())
        .and(
            "exists (select 1 from alerts a where a.tenant_id = incidents.tenant_id and"
                + " a.incident_id = incidents.id and a.rule_key = :rule)",
            "rule",
            f.rule());
    if (cursor != null) {
      Cursors.Cursor c = Cursors.decode(cursor, 2);
      w.andAll(
          true,
          "(opened_at, id) < (:co, :cid)",
          Map.of("co", Timestamp.from(c.instant(0)), "cid", c.text(1)));
    }
    w.param("l", limit + 1);
    List<IncidentRow> rows =
        db.inTenant(
            tenant,
            jdbc -> {
              // one semi-join per term, so the planner can walk the recent-incidents index for
              // common terms and look rare ones up; the terms are PostgreSQL's own, as the
              // projection stores them, and are taken in the list's own transaction
              List<String> terms = f.q() == null ? List.of() : terms(jdbc, f.q());
              if (f.q() != null && terms.isEmpty()) {
                w.andAll(true, "false", Map.of());
              }
              for (int i = 0; i < terms.size(); i++) {
                w.and(
                    "id in (select x.incident_id from incident_terms x where x.tenant_id = :t and"
                        + " x.term = :q"
                        + i
                        + ")",
                    "q" + i,
                    terms.get(i));
              }
              return jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from incidents"
                          + w.sql()
                          + " order by opened_at desc, id desc limit :l")
                  .params(w.params())
                  .query(IncidentReads::map)
                  .list();
            });
    return Page.of(rows, limit, r -> Cursors.encode(r.openedAt().toString(), r.id()));
  }

  /** The words of a free-text query as the search index holds them (at most 8). */
  private static List<String> terms(JdbcClient jdbc, String q) {
    return jdbc.sql(
            "select t from unnest(tsvector_to_array(to_tsvector('simple', :q))) t order by"
                + " length(t) desc limit 8")
        .param("q", PostgresText.clean(q))
        .query(String.class)
        .list();
  }

  public Optional<IncidentRow> get(String tenant, String id) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from incidents where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", id)
                .query(IncidentReads::map)
                .optional());
  }

  /** The timeline in time order, the newest {@code limit} entries. */
  public List<TimelineItem> timeline(String tenant, String id, int limit) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select * from (select origin_incident, seq, at, actor, kind, summary,"
                        + " data::text from incident_timeline where tenant_id = :t and incident_id"
                        + " = :id order by at desc, seq desc limit :l) x order by at, seq")
                .param("t", tenant)
                .param("id", id)
                .param("l", limit)
                .query(
                    (rs, n) ->
                        new TimelineItem(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            JsonColumns.readMap(rs.getString(7))))
                .list());
  }

  /** The incident's observables with their sightings across the tenant. */
  public List<ObservableItem> observables(String tenant, String id, int limit) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select o.kind, o.value, o.tlp, o.first_seen, o.last_seen, o.sightings,"
                        + " o.sources, o.origin_incident, s.incidents, s.alerts, s.first_seen,"
                        + " s.last_seen, s.others from incident_observables o cross join lateral"
                        + " (select count(distinct x.incident_id) as incidents, sum(x.sightings) as"
                        + " alerts, min(x.first_seen) as first_seen, max(x.last_seen) as last_seen,"
                        + " (array_agg(distinct x.incident_id) filter (where x.incident_id <>"
                        + " o.incident_id))[1 : 10] as others from incident_observables x where"
                        + " x.tenant_id = o.tenant_id and x.kind = o.kind and x.value = o.value) s"
                        + " where o.tenant_id = :t and o.incident_id = :id order by o.sightings"
                        + " desc, o.kind, o.value limit :l")
                .param("t", tenant)
                .param("id", id)
                .param("l", limit)
                .query(
                    (rs, n) ->
                        new ObservableItem(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant(),
                            rs.getLong(6),
                            strings(rs.getArray(7)),
                            rs.getString(8),
                            rs.getLong(9),
                            rs.getLong(10),
                            rs.getTimestamp(11).toInstant(),
                            rs.getTimestamp(12).toInstant(),
                            strings(rs.getArray(13))))
                .list());
  }

  public List<RunItem> runs(String tenant, String id) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select ir.run_id, ir.playbook, ir.response_id, ir.started_at, r.status from"
                        + " incident_runs ir left join runs r on r.tenant_id = ir.tenant_id and"
                        + " r.run_id = ir.run_id where ir.tenant_id = :t and ir.incident_id = :id"
                        + " order by ir.started_at, ir.run_id")
                .param("t", tenant)
                .param("id", id)
                .query(
                    (rs, n) ->
                        new RunItem(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getString(5) == null ? "running" : rs.getString(5)))
                .list());
  }

  public List<IncidentWrite.TaskRow> tasks(String tenant, String id) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select task_id, position, title, mandatory, playbook, status, assignee, due"
                        + " from incident_tasks where tenant_id = :t and incident_id = :id order"
                        + " by position")
                .param("t", tenant)
                .param("id", id)
                .query(
                    (rs, n) ->
                        new IncidentWrite.TaskRow(
                            rs.getString(1),
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getBoolean(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            instant(rs.getTimestamp(8))))
                .list());
  }

  /** Where each alert of the incident came from (a merge keeps the origin). */
  public Map<String, AlertLink> alertLinks(String tenant, String id, List<String> alertIds) {
    Map<String, AlertLink> out = new LinkedHashMap<>();
    if (alertIds.isEmpty()) {
      return out;
    }
    db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "select alert_id::text, attached_at, attached_by, origin_incident from"
                            + " incident_alerts where tenant_id = :t and incident_id = :id and"
                            + " alert_id = any(:ids::uuid[])")
                    .param("t", tenant)
                    .param("id", id)
                    .param("ids", "{" + String.join(",", alertIds) + "}")
                    .query(
                        (rs, n) ->
                            new AlertLink(
                                rs.getString(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(3),
                                rs.getString(4)))
                    .list())
        .forEach(l -> out.put(l.alertId(), l));
    return out;
  }

  /** The incident a run was started by, if any. */
  public Optional<String> incidentOfRun(String tenant, String runId) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select incident_id from incident_runs where tenant_id = :t and run_id = :r")
                .param("t", tenant)
                .param("r", runId)
                .query(String.class)
                .optional());
  }

  /** The dashboard's incident figures. */
  public record Metrics(
      Long mttaMillis,
      Long mttrMillis,
      Map<String, Long> openBySeverity,
      List<Map<String, Object>> breachesByDay,
      long open,
      long breachedOpen) {}

  /** MTTA and MTTR over incidents opened since {@code since}; breaches per UTC day since then. */
  public Metrics metrics(String tenant, Instant since) {
    return db.inTenant(
        tenant,
        jdbc -> {
          Map<String, Object> avg =
              jdbc.sql(
                      "select avg(time_to_acknowledge)::bigint as mtta, avg(time_to_resolve)::bigint"
                          + " as mttr from incidents where tenant_id = :t and opened_at >= :since"
                          + " and merged_into is null")
                  .param("t", tenant)
                  .param("since", Timestamp.from(since))
                  .query()
                  .singleRow();
          Map<String, Long> bySeverity = new LinkedHashMap<>();
          for (String s : List.of("critical", "high", "medium", "low", "info")) {
            bySeverity.put(s, 0L);
          }
          jdbc.sql(
                  "select severity, count(*) from incidents where tenant_id = :t and status not in"
                      + " ('resolved', 'closed') group by severity")
              .param("t", tenant)
              .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
              .list()
              .forEach(e -> bySeverity.put(e.getKey(), e.getValue()));
          List<Map<String, Object>> breaches =
              jdbc.sql(
                      "select to_char(at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n"
                          + " from incident_timeline where tenant_id = :t and kind = 'sla_breach'"
                          + " and origin_incident = incident_id and at >= :since group by 1 order"
                          + " by 1")
                  .param("t", tenant)
                  .param("since", Timestamp.from(since))
                  .query(
                      (rs, n) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("day", rs.getString(1));
                        m.put("breaches", rs.getLong(2));
                        return m;
                      })
                  .list();
          long breachedOpen =
              jdbc.sql(
                      "select count(*) from incidents where tenant_id = :t and breached and status"
                          + " not in ('resolved', 'closed')")
                  .param("t", tenant)
                  .query(Long.class)
                  .single();
          long open = bySeverity.values().stream().mapToLong(Long::longValue).sum();
          return new Metrics(
              avg.get("mtta") == null ? null : ((Number) avg.get("mtta")).longValue(),
              avg.get("mttr") == null ? null : ((Number) avg.get("mttr")).longValue(),
              bySeverity,
              breaches,
              open,
              breachedOpen);
        });
  }

  @SuppressWarnings("unchecked")
  static IncidentRow map(ResultSet rs, int n) throws SQLException {
    Object entities = JsonColumns.read(rs.getString(10));
    return new IncidentRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        entities instanceof List<?> l ? (List<Map<String, Object>>) l : List.of(),
        strings(rs.getArray(11)),
        rs.getString(12),
        rs.getTimestamp(13).toInstant(),
        rs.getTimestamp(14).toInstant(),
        rs.getString(15),
        instant(rs.getTimestamp(16)),
        instant(rs.getTimestamp(17)),
        instant(rs.getTimestamp(18)),
        rs.getBoolean(19),
        rs.getBoolean(20),
        rs.getInt(21),
        rs.getInt(22),
        rs.getString(23),
        rs.getString(24),
        longOrNull(rs, 25),
        longOrNull(rs, 26),
        longOrNull(rs, 27),
        longOrNull(rs, 28),
        JsonColumns.readMap(rs.getString(29)),
        rs.getLong(30),
        rs.getLong(31));
  }

  private static Long longOrNull(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private static List<String> strings(java.sql.Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
