package dev.vigil.store.detection;

import dev.vigil.detections.engine.AlertChange;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Alerts. The detection consumer applies the engine's changes in its own transaction (with the
 * stream position), so an alert is written exactly once; analysts change status and feedback.
 */
public class AlertRepository {

  /** Evidence event ids kept per alert. */
  public static final int EVIDENCE = 100;

  private static final String COLUMNS =
      "id::text, rule_key, rule_version, title, severity, status, entity_kind, entity_value,"
          + " group_values::text, first_seen, last_seen, event_count, evidence::text[], mitre,"
          + " incident_id, verdict, feedback_comment, feedback_by, feedback_at, status_by,"
          + " status_at, created_at";

  private final TenantJdbc db;

  public AlertRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Applies opened alerts and folded repeats; runs in the caller's tenant transaction. */
  public void apply(JdbcClient jdbc, String tenant, List<AlertChange> changes) {
    Map<String, Fold> folds = new LinkedHashMap<>();
    java.util.Set<String> folded = new java.util.LinkedHashSet<>();
    for (AlertChange c : changes) {
      if (c instanceof AlertChange.Opened o) {
        flush(jdbc, tenant, folds);
        insert(jdbc, tenant, o);
      } else if (c instanceof AlertChange.Folded f) {
        folds.computeIfAbsent(f.alertId(), k -> new Fold()).add(f);
        folded.add(f.alertId());
      }
    }
    flush(jdbc, tenant, folds);
    recountIncidents(jdbc, tenant, folded);
  }

  /** Incidents count their alerts' events: once a pass, recount those whose alerts grew. */
  private static void recountIncidents(
      JdbcClient jdbc, String tenant, java.util.Set<String> folded) {
    if (folded.isEmpty()) {
      return;
    }
    List<String> incidents =
        jdbc.sql(
                "select distinct incident_id from alerts where tenant_id = :t and id ="
                    + " any(:ids::uuid[]) and incident_id is not null")
            .param("t", tenant)
            .param("ids", "{" + String.join(",", folded) + "}")
            .query(String.class)
            .list();
    if (!incidents.isEmpty()) {
      dev.vigil.store.incident.IncidentProjection.recount(jdbc, tenant, incidents);
    }
  }

  private static final class Fold {
    long count;
    Instant first;
    Instant last;
    final List<UUID> ids = new ArrayList<>();

    void add(AlertChange.Folded f) {
      count++;
      first = first == null || f.time().isBefore(first) ? f.time() : first;
      last = last == null || f.time().isAfter(last) ? f.time() : last;
      if (ids.size() < EVIDENCE) {
        ids.add(UUID.fromString(f.eventId()));
      }
    }
  }

  private static void insert(JdbcClient jdbc, String tenant, AlertChange.Opened o) {
    jdbc.sql(
            "insert into alerts (tenant_id, id, rule_key, rule_version, title, severity,"
                + " entity_kind, entity_value, group_values, first_seen, last_seen, event_count,"
                + " evidence, mitre) values (:t, :id::uuid, :k, :v, :title, :sev, :ek, :ev,"
                + " :g::jsonb, :first, :last, :n, :evidence::uuid[], :mitre::text[])"
                + " on conflict (tenant_id, id) do nothing")
        .param("t", tenant)
        .param("id", o.alertId())
        .param("k", o.ruleKey())
        .param("v", o.ruleVersion())
        .param("title", o.title())
        .param("sev", o.severity())
        .param("ek", o.entityKind())
        .param("ev", PostgresText.clean(o.entityValue()))
        .param("g", JsonColumns.write(PostgresText.clean((Object) o.group())))
        .param("first", Timestamp.from(o.firstSeen()))
        .param("last", Timestamp.from(o.lastSeen()))
        .param("n", o.eventCount())
        .param("evidence", "{" + String.join(",", o.eventIds()) + "}")
        .param("mitre", PostgresText.array(o.mitre()))
        .update();
  }

  private static void flush(JdbcClient jdbc, String tenant, Map<String, Fold> folds) {
    if (folds.isEmpty()) {
      return;
    }
    folds.forEach(
        (id, f) ->
            jdbc.sql(
                    "update alerts set event_count = event_count + :n, first_seen ="
                        + " least(first_seen, :first), last_seen = greatest(last_seen, :last),"
                        + " evidence = (evidence || :ids::uuid[])[1 : "
                        + EVIDENCE
                        + "], updated_at = now() where tenant_id = :t and id = :id::uuid")
                .param("n", f.count)
                .param("first", Timestamp.from(f.first))
                .param("last", Timestamp.from(f.last))
                .param(
                    "ids",
                    "{" + String.join(",", f.ids.stream().map(UUID::toString).toList()) + "}")
                .param("t", tenant)
                .param("id", id)
                .update());
    folds.clear();
  }

  /**
   * Raises an alert Vigil makes itself (no rule version, no evidence), such as a source gone
   * silent; a second call with the same id changes nothing.
   */
  public void raiseSystemAlert(
      String tenant,
      UUID id,
      String ruleKey,
      String title,
      String severity,
      String entityKind,
      String entityValue,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen) {
    db.runInTenant(
        tenant,
        jdbc ->
            insert(
                jdbc,
                tenant,
                new AlertChange.Opened(
                    id.toString(),
                    ruleKey,
                    1,
                    title,
                    severity,
                    List.of(),
                    entityKind,
                    entityValue,
                    group,
                    firstSeen,
                    lastSeen,
                    List.of(),
                    0)));
  }

  public Page<AlertRecord> list(String tenant, AlertFilter f, int limit, String cursor) {
    Where w =
        new Where("tenant_id = :t", "t", tenant)
            .and("rule_key = :rule", "rule", f.rule())
            .and("severity = :sev", "sev", f.severity())
            .and("status = :status", "status", f.status())
            .and("entity_value = :entity", "entity", PostgresText.clean(f.entity()))
            .and("last_seen >= :from", "from", f.from())
            .and("last_seen < :to", "to", f.to())
            .and("incident_id = :incident", "incident", f.incident());
    if (cursor != null) {
      Cursors.Cursor c = Cursors.decode(cursor, 2);
      w.andAll(true, "(last_seen, id) < (:cl, :cid)", Map.of("cl", c.instant(0), "cid", c.uuid(1)));
    }
    w.param("l", limit + 1);
    List<AlertRecord> rows =
        db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "select "
                            + COLUMNS
                            + " from alerts"
                            + w.sql()
                            + " order by last_seen desc, id desc limit :l")
                    .params(w.params())
                    .query(AlertRepository::map)
                    .list());
    return Page.of(rows, limit, a -> Cursors.encode(a.lastSeen().toString(), a.id()));
  }

  public Optional<AlertRecord> get(String tenant, String id) {
    UUID uuid = uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from alerts where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", uuid)
                .query(AlertRepository::map)
                .optional());
  }

  /** Sets the analyst status; empty when there is no such alert. */
  public Optional<AlertRecord> setStatus(String tenant, String id, String status, String by) {
    return change(
        tenant,
        id,
        "status = :s, status_by = :by, status_at = now()",
        Map.of("s", status, "by", by));
  }

  /** Records the analyst's verdict; empty when there is no such alert. */
  public Optional<AlertRecord> feedback(
      String tenant, String id, String verdict, String comment, String by) {
    Map<String, Object> p = new HashMap<>();
    p.put("v", verdict);
    p.put("c", PostgresText.clean(comment));
    p.put("by", by);
    return change(
        tenant,
        id,
        "verdict = :v, feedback_comment = :c, feedback_by = :by, feedback_at = now()",
        p);
  }

  private Optional<AlertRecord> change(
      String tenant, String id, String set, Map<String, Object> params) {
    UUID uuid = uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update alerts set "
                        + set
                        + ", updated_at = now() where tenant_id = :t and id = :id returning "
                        + COLUMNS)
                .params(params)
                .param("t", tenant)
                .param("id", uuid)
                .query(AlertRepository::map)
                .optional());
  }

  /** Alert counts and false-positive rates per rule key. */
  public Map<String, RuleAlertStats> statsByRule(String tenant) {
    Map<String, RuleAlertStats> out = new LinkedHashMap<>();
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select rule_key, count(*), count(verdict), count(*) filter (where verdict ="
                        + " 'false_positive') from alerts where tenant_id = :t group by rule_key")
                .param("t", tenant)
                .query(
                    rs -> {
                      long with = rs.getLong(3);
                      long fp = rs.getLong(4);
                      out.put(
                          rs.getString(1),
                          new RuleAlertStats(
                              rs.getString(1),
                              rs.getLong(2),
                              with,
                              fp,
                              with == 0 ? 0 : (double) fp / with));
                    }));
    return out;
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static AlertRecord map(ResultSet rs, int n) throws SQLException {
    return new AlertRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        JsonColumns.readMap(rs.getString(9)),
        rs.getTimestamp(10).toInstant(),
        rs.getTimestamp(11).toInstant(),
        rs.getLong(12),
        strings(rs.getArray(13)),
        strings(rs.getArray(14)),
        rs.getString(15),
        rs.getString(16),
        rs.getString(17),
        rs.getString(18),
        instant(rs.getTimestamp(19)),
        rs.getString(20),
        instant(rs.getTimestamp(21)),
        rs.getTimestamp(22).toInstant());
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
