package dev.vigil.activities.report;

import dev.vigil.activities.report.ReportDocument.Chart;
import dev.vigil.activities.report.ReportDocument.Figure;
import dev.vigil.activities.report.ReportDocument.Section;
import dev.vigil.activities.report.ReportDocument.Table;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Builds each report type's {@link ReportDocument} from the tenant's records, in one read-only
 * transaction under the tenant's row-level security: a scan report (a scan's hosts, open ports and
 * what changed), an incident report (timeline, alerts, evidence, playbook runs and approvals,
 * durations), an executive summary of a period (incidents by severity, MTTA/MTTR, SLA breaches, top
 * rules and sources, runs and approvals) and an audit report of a period (every decision and its
 * actor, and whether the hash chain verifies; {@link PeriodReports}).
 */
public final class ReportBuilders {

  /** A report that cannot be built from what was asked (no such scan, a bad period). */
  public static final class NotBuildable extends RuntimeException {
    public NotBuildable(String message) {
      super(message);
    }
  }

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final TenantJdbc db;
  private final PeriodReports periods;

  public ReportBuilders(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.periods = new PeriodReports(db, new AuditLog(dataSource));
  }

  /** The report {@code type} with {@code params}, as of {@code now}. */
  public ReportDocument build(String tenant, String type, Map<String, String> params, Instant now) {
    return switch (type) {
      case "scan" -> scan(tenant, params.get("scanId"), now);
      case "incident" -> incident(tenant, params.get("incidentId"), now);
      case "executive_summary" -> periods.executive(tenant, from(params), to(params, now), now);
      case "audit" -> periods.audit(tenant, from(params), to(params, now), now);
      default -> throw new NotBuildable("no report type " + type);
    };
  }

  private static Instant from(Map<String, String> p) {
    return Instant.parse(p.get("from"));
  }

  private static Instant to(Map<String, String> p, Instant now) {
    return p.get("to") == null ? now : Instant.parse(p.get("to"));
  }

  static String tenantName(JdbcClient j, String tenant) {
    return j.sql("select name from tenants where id = :t")
        .param("t", tenant)
        .query(String.class)
        .optional()
        .orElse(tenant);
  }

  static String period(Instant from, Instant to) {
    return WHEN.format(from) + " – " + WHEN.format(to) + " UTC";
  }

  static String when(Timestamp t) {
    return t == null ? "" : WHEN.format(t.toInstant());
  }

  /** "3 h 20 min", "45 s", "—" for none. */
  static String duration(Long millis) {
    if (millis == null) {
      return "—";
    }
    Duration d = Duration.ofMillis(millis);
    if (d.toDays() > 0) {
      return d.toDays() + " d " + d.toHoursPart() + " h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    return d.toSeconds() + " s";
  }

  static String s(Object o) {
    return o == null ? "" : o.toString();
  }

  // ---- scan report ----

  ReportDocument scan(String tenant, String scanId, Instant now) {
    UUID id = uuid(scanId, "scanId");
    return db.inTenant(
        tenant,
        j -> {
          Map<String, Object> scan =
              j
                  .sql(
                      "select target, profile, ports, status, requested_by, created_at, started_at,"
                          + " ended_at, summary::text, scope_key from scans where tenant_id = :t"
                          + " and id = :id")
                  .param("t", tenant)
                  .param("id", id)
                  .query()
                  .listOfRows()
                  .stream()
                  .findFirst()
                  .orElseThrow(() -> new NotBuildable("no scan " + scanId));
          Map<String, Object> summary =
              dev.vigil.store.system.JsonColumns.readMap((String) scan.get("summary"));
          List<List<String>> ports = new ArrayList<>();
          Map<String, Double> byService = new LinkedHashMap<>();
          List<List<String>> hosts = new ArrayList<>();
          j.sql(
                  "select kind, address, hostname, protocol, port, state, reason, service, product,"
                      + " version from scan_findings where tenant_id = :t and scan_id = :id order"
                      + " by address, protocol, port")
              .param("t", tenant)
              .param("id", id)
              .query(
                  rs -> {
                    if (rs.getString(1).equals("host")) {
                      hosts.add(
                          List.of(
                              rs.getString(2),
                              s(rs.getString(3)),
                              rs.getString(6),
                              s(rs.getString(7))));
                    } else {
                      ports.add(
                          List.of(
                              rs.getString(2),
                              rs.getInt(5) + "/" + rs.getString(4),
                              rs.getString(6),
                              s(rs.getString(8)),
                              (s(rs.getString(9)) + " " + s(rs.getString(10))).trim()));
                      if (rs.getString(6).equals("open")) {
                        byService.merge(
                            rs.getString(8) == null ? "unknown" : rs.getString(8),
                            1.0,
                            Double::sum);
                      }
                    }
                  });
          List<Figure> figures =
              List.of(
                  new Figure("Hosts up", s(summary.getOrDefault("hostsUp", 0))),
                  new Figure("Hosts down", s(summary.getOrDefault("hostsDown", 0))),
                  new Figure("Open ports", s(summary.getOrDefault("openPorts", 0))),
                  new Figure("Status", s(scan.get("status"))));
          String when =
              when((Timestamp) scan.get("started_at"))
                  + " – "
                  + when((Timestamp) scan.get("ended_at"));
          List<Section> sections = new ArrayList<>();
          sections.add(
              new Section(
                  "Summary",
                  figures,
                  List.of(
                      "Target "
                          + scan.get("target")
                          + ", profile "
                          + scan.get("profile")
                          + (scan.get("ports") == null ? "" : ", ports " + scan.get("ports"))
                          + ", requested by "
                          + scan.get("requested_by")
                          + ", run "
                          + when
                          + " UTC"
                          + (summary.get("nmapVersion") == null
                              ? "."
                              : " with nmap " + summary.get("nmapVersion") + ".")),
                  chart("Open ports by service", byService),
                  null));
          Table portTable =
              new Table(
                  "Ports", List.of("host", "port", "state", "service", "product / version"), ports);
          sections.add(
              new Section(
                  "Hosts",
                  List.of(),
                  List.of(),
                  null,
                  new Table(null, List.of("address", "hostname", "state", "reason"), hosts)));
          sections.add(new Section("Ports", List.of(), List.of(), null, portTable));
          return new ReportDocument(
              "scan",
              "Network scan of " + scan.get("target"),
              "Scan " + scanId,
              tenant,
              tenantName(j, tenant),
              when + " UTC",
              now,
              sections,
              portTable);
        });
  }

  static Chart chart(String title, Map<String, Double> counts) {
    List<Map.Entry<String, Double>> top =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(12)
            .toList();
    return new Chart(
        title,
        top.stream().map(Map.Entry::getKey).toList(),
        top.stream().map(Map.Entry::getValue).toList());
  }

  private static UUID uuid(String id, String param) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new NotBuildable(param + " '" + id + "' is not an id");
    }
  }

  // ---- incident report ----

  ReportDocument incident(String tenant, String incidentId, Instant now) {
    return db.inTenant(
        tenant,
        j -> {
          Map<String, Object> inc =
              j
                  .sql(
                      "select title, description, status, severity, assignee, opened_by, opened_at,"
                          + " acknowledged_at, resolved_at, close_reason, time_to_acknowledge,"
                          + " time_to_contain, time_to_resolve, handling_time, breaches, alert_count,"
                          + " event_count from incidents where tenant_id = :t and id = :id")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query()
                  .listOfRows()
                  .stream()
                  .findFirst()
                  .orElseThrow(() -> new NotBuildable("no incident " + incidentId));
          List<List<String>> timeline =
              j.sql(
                      "select at, actor, kind, summary from incident_timeline where tenant_id = :t"
                          + " and incident_id = :id order by at, seq")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query(
                      (rs, n) ->
                          List.of(
                              when(rs.getTimestamp(1)),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4)))
                  .list();
          List<List<String>> alerts =
              j.sql(
                      "select a.first_seen, a.rule_key, a.severity, a.title, coalesce(a.entity_value,"
                          + " ''), a.event_count from incident_alerts ia join alerts a on"
                          + " a.tenant_id = ia.tenant_id and a.id = ia.alert_id where ia.tenant_id ="
                          + " :t and ia.incident_id = :id order by a.first_seen")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query(
                      (rs, n) ->
                          List.of(
                              when(rs.getTimestamp(1)),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              Long.toString(rs.getLong(6))))
                  .list();
          List<List<String>> evidence =
              j.sql(
                      "select kind, value, tlp, sightings, first_seen, last_seen from"
                          + " incident_observables where tenant_id = :t and incident_id = :id order"
                          + " by kind, value")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query(
                      (rs, n) ->
                          List.of(
                              rs.getString(1),
                              rs.getString(2),
                              rs.getString(3),
                              Long.toString(rs.getLong(4)),
                              when(rs.getTimestamp(5)),
                              when(rs.getTimestamp(6))))
                  .list();
          List<List<String>> runs =
              j.sql(
                      "select r.started_at, r.playbook_key, r.status, r.started_by, r.ended_at, r.run_id"
                          + " from incident_runs ir join runs r on r.tenant_id = ir.tenant_id and"
                          + " r.run_id = ir.run_id where ir.tenant_id = :t and ir.incident_id = :id"
                          + " order by r.started_at")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query(
                      (rs, n) ->
                          List.of(
                              when(rs.getTimestamp(1)),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              when(rs.getTimestamp(5))))
                  .list();
          List<List<String>> approvals =
              j.sql(
                      "select a.opened_at, a.playbook_key, a.step_id, a.status, coalesce((select"
                          + " string_agg(v.actor || ' ' || v.decision, ', ' order by v.voted_at)"
                          + " from approval_votes v where v.tenant_id = a.tenant_id and v.run_id ="
                          + " a.run_id and v.step_id = a.step_id), ''), a.decided_at from approvals"
                          + " a join incident_runs ir on ir.tenant_id = a.tenant_id and ir.run_id ="
                          + " a.run_id where a.tenant_id = :t and ir.incident_id = :id order by"
                          + " a.opened_at")
                  .param("t", tenant)
                  .param("id", incidentId)
                  .query(
                      (rs, n) ->
                          List.of(
                              when(rs.getTimestamp(1)),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              when(rs.getTimestamp(6))))
                  .list();
          List<Figure> figures =
              List.of(
                  new Figure("Severity", s(inc.get("severity"))),
                  new Figure("Status", s(inc.get("status"))),
                  new Figure("Time to acknowledge", duration(num(inc.get("time_to_acknowledge")))),
                  new Figure("Time to contain", duration(num(inc.get("time_to_contain")))),
                  new Figure("Time to resolve", duration(num(inc.get("time_to_resolve")))),
                  new Figure("Handling time", duration(num(inc.get("handling_time")))),
                  new Figure(
                      "Alerts / events", inc.get("alert_count") + " / " + inc.get("event_count")),
                  new Figure("SLA breaches", s(inc.get("breaches"))));
          List<String> about = new ArrayList<>();
          if (inc.get("description") != null) {
            about.add(s(inc.get("description")));
          }
          about.add(
              "Opened "
                  + when((Timestamp) inc.get("opened_at"))
                  + " UTC by "
                  + inc.get("opened_by")
                  + "; assigned to "
                  + (inc.get("assignee") == null ? "nobody" : inc.get("assignee"))
                  + (inc.get("close_reason") == null
                      ? "."
                      : "; closed as " + inc.get("close_reason") + "."));
          Table timelineTable =
              new Table(null, List.of("at (UTC)", "actor", "kind", "what"), timeline);
          List<Section> sections =
              List.of(
                  new Section("Summary", figures, about, null, null),
                  new Section("Timeline", List.of(), List.of(), null, timelineTable),
                  new Section(
                      "Alerts",
                      List.of(),
                      List.of(),
                      null,
                      new Table(
                          null,
                          List.of("first seen", "rule", "severity", "title", "entity", "events"),
                          alerts)),
                  new Section(
                      "Evidence",
                      List.of(),
                      List.of(),
                      null,
                      new Table(
                          null,
                          List.of("kind", "value", "TLP", "sightings", "first seen", "last seen"),
                          evidence)),
                  new Section(
                      "Actions: playbook runs",
                      List.of(),
                      List.of(),
                      null,
                      new Table(
                          null, List.of("started", "playbook", "status", "by", "ended"), runs)),
                  new Section(
                      "Approvals",
                      List.of(),
                      List.of(),
                      null,
                      new Table(
                          null,
                          List.of("opened", "playbook", "step", "status", "votes", "decided"),
                          approvals)));
          return new ReportDocument(
              "incident",
              "Incident " + incidentId + ": " + inc.get("title"),
              s(inc.get("severity")) + " · " + inc.get("status"),
              tenant,
              tenantName(j, tenant),
              when((Timestamp) inc.get("opened_at"))
                  + " – "
                  + (inc.get("resolved_at") == null
                      ? "open"
                      : when((Timestamp) inc.get("resolved_at")))
                  + " UTC",
              now,
              sections,
              timelineTable);
        });
  }

  static Long num(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }
}
