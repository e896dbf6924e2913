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
 * actor, and whether the hash chain verifies).
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
  private final AuditLog audit;

  public ReportBuilders(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.audit = new AuditLog(dataSource);
  }

  /** The report {@code type} with {@code params}, as of {@code now}. */
  public ReportDocument build(String tenant, String type, Map<String, String> params, Instant now) {
    return switch (type) {
      case "scan" -> scan(tenant, params.get("scanId"), now);
      case "incident" -> incident(tenant, params.get("incidentId"), now);
      case "executive_summary" -> executive(tenant, from(params), to(params, now), now);
      case "audit" -> audit(tenant, from(params), to(params, now), now);
      default -> throw new NotBuildable("no report type " + type);
    };
  }

  private static Instant from(Map<String, String> p) {
    return Instant.parse(p.get("from"));
  }

  private static Instant to(Map<String, String> p, Instant now) {
    return p.get("to") == null ? now : Instant.parse(p.get("to"));
  }

  private String tenantName(JdbcClient j, String tenant) {
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

  private static String s(Object o) {
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

  private static Chart chart(String title, Map<String, Double> counts) {
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

  private static Long num(Object o) {
    return o == null ? null : ((Number) o).longValue();
  }

  // ---- executive summary ----

  ReportDocument executive(String tenant, Instant from, Instant to, Instant now) {
    check(from, to);
    return db.inTenant(
        tenant,
        j -> {
          Map<String, Double> bySeverity = new LinkedHashMap<>();
          for (String sev : List.of("critical", "high", "medium", "low", "info")) {
            bySeverity.put(sev, 0.0);
          }
          Map<String, Object> totals =
              j.sql(
                      "select count(*) as opened, count(*) filter (where status in ('resolved',"
                          + " 'closed')) as resolved, count(*) filter (where breached) as breached,"
                          + " sum(breaches) as breaches, avg(time_to_acknowledge)::bigint as mtta,"
                          + " avg(time_to_resolve)::bigint as mttr, count(*) filter (where"
                          + " close_reason = 'false_positive') as false_positives from incidents"
                          + " where tenant_id = :t and opened_at >= :from and opened_at < :to")
                  .param("t", tenant)
                  .param("from", Timestamp.from(from))
                  .param("to", Timestamp.from(to))
                  .query()
                  .singleRow();
          j.sql(
                  "select severity, count(*) from incidents where tenant_id = :t and opened_at >="
                      + " :from and opened_at < :to group by severity")
              .param("t", tenant)
              .param("from", Timestamp.from(from))
              .param("to", Timestamp.from(to))
              .query(
                  rs -> {
                    bySeverity.put(rs.getString(1), (double) rs.getLong(2));
                  });
          Map<String, Double> rules = new LinkedHashMap<>();
          j.sql(
                  "select rule_key, count(*) from alerts where tenant_id = :t and first_seen >= :from"
                      + " and first_seen < :to group by rule_key order by count(*) desc, rule_key"
                      + " limit 10")
              .param("t", tenant)
              .param("from", Timestamp.from(from))
              .param("to", Timestamp.from(to))
              .query(
                  rs -> {
                    rules.put(rs.getString(1), (double) rs.getLong(2));
                  });
          Map<String, Double> sources = new LinkedHashMap<>();
          j.sql(
                  "select coalesce(entity_value, '(none)'), count(*) from alerts where tenant_id ="
                      + " :t and first_seen >= :from and first_seen < :to group by 1 order by"
                      + " count(*) desc, 1 limit 10")
              .param("t", tenant)
              .param("from", Timestamp.from(from))
              .param("to", Timestamp.from(to))
              .query(
                  rs -> {
                    sources.put(rs.getString(1), (double) rs.getLong(2));
                  });
          Map<String, Double> runs = new LinkedHashMap<>();
          j.sql(
                  "select status, count(*) from runs where tenant_id = :t and started_at >= :from"
                      + " and started_at < :to group by status order by count(*) desc, status")
              .param("t", tenant)
              .param("from", Timestamp.from(from))
              .param("to", Timestamp.from(to))
              .query(
                  rs -> {
                    runs.put(rs.getString(1), (double) rs.getLong(2));
                  });
          Map<String, Object> approvals =
              j.sql(
                      "select count(*) as opened, count(*) filter (where status = 'approved') as"
                          + " approved, count(*) filter (where status = 'rejected') as rejected,"
                          + " avg(extract(epoch from decided_at - opened_at) * 1000)::bigint as wait"
                          + " from approvals where tenant_id = :t and opened_at >= :from and"
                          + " opened_at < :to")
                  .param("t", tenant)
                  .param("from", Timestamp.from(from))
                  .param("to", Timestamp.from(to))
                  .query()
                  .singleRow();
          List<List<String>> incidents =
              j.sql(
                      "select id, opened_at, severity, status, title, coalesce(assignee, ''),"
                          + " time_to_acknowledge, time_to_resolve, breached from incidents where"
                          + " tenant_id = :t and opened_at >= :from and opened_at < :to order by"
                          + " opened_at, id")
                  .param("t", tenant)
                  .param("from", Timestamp.from(from))
                  .param("to", Timestamp.from(to))
                  .query(
                      (rs, n) ->
                          List.of(
                              rs.getString(1),
                              when(rs.getTimestamp(2)),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getString(6),
                              duration((Long) rs.getObject(7, Long.class)),
                              duration((Long) rs.getObject(8, Long.class)),
                              rs.getBoolean(9) ? "yes" : ""))
                  .list();
          List<Figure> figures =
              List.of(
                  new Figure("Incidents opened", s(totals.get("opened"))),
                  new Figure("Resolved or closed", s(totals.get("resolved"))),
                  new Figure("MTTA", duration(num(totals.get("mtta")))),
                  new Figure("MTTR", duration(num(totals.get("mttr")))),
                  new Figure("Incidents past an SLA", s(totals.get("breached"))),
                  new Figure(
                      "SLA breaches",
                      s(totals.get("breaches") == null ? 0 : totals.get("breaches"))),
                  new Figure("False positives", s(totals.get("false_positives"))),
                  new Figure(
                      "Playbook runs",
                      Long.toString(runs.values().stream().mapToLong(Double::longValue).sum())));
          Table incidentTable =
              new Table(
                  null,
                  List.of(
                      "incident",
                      "opened",
                      "severity",
                      "status",
                      "title",
                      "assignee",
                      "TTA",
                      "TTR",
                      "SLA breached"),
                  incidents);
          List<Section> sections =
              List.of(
                  new Section(
                      "At a glance",
                      figures,
                      List.of(
                          "Incidents opened in the period, how fast they were acknowledged (MTTA)"
                              + " and resolved (MTTR) on average, and how many missed an SLA."),
                      chart("Incidents by severity", bySeverity),
                      null),
                  new Section(
                      "Top detection rules",
                      List.of(),
                      List.of(),
                      chart("Alerts by rule", rules),
                      null),
                  new Section(
                      "Top sources",
                      List.of(),
                      List.of(),
                      chart("Alerts by entity", sources),
                      null),
                  new Section(
                      "Automation",
                      List.of(
                          new Figure("Approvals asked", s(approvals.get("opened"))),
                          new Figure("Approved", s(approvals.get("approved"))),
                          new Figure("Rejected", s(approvals.get("rejected"))),
                          new Figure(
                              "Mean wait for a decision", duration(num(approvals.get("wait"))))),
                      List.of(),
                      chart("Playbook runs by status", runs),
                      null),
                  new Section("Incidents", List.of(), List.of(), null, incidentTable));
          return new ReportDocument(
              "executive_summary",
              "Executive summary",
              "Security operations, " + period(from, to),
              tenant,
              tenantName(j, tenant),
              period(from, to),
              now,
              sections,
              incidentTable);
        });
  }

  private static void check(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new NotBuildable("the period must end after it starts");
    }
    if (Duration.between(from, to).toDays() > 366) {
      throw new NotBuildable("a report covers at most 366 days");
    }
  }

  // ---- audit report ----

  ReportDocument audit(String tenant, Instant from, Instant to, Instant now) {
    check(from, to);
    AuditLog.Verification chain = audit.verify(tenant);
    return db.inTenant(
        tenant,
        j -> {
          Map<String, Double> byAction = new LinkedHashMap<>();
          Map<String, Double> byOutcome = new LinkedHashMap<>();
          List<List<String>> rows =
              j.sql(
                      "select id, at, actor, action, target, outcome from audit_log where tenant_id ="
                          + " :t and at >= :from and at < :to order by id")
                  .param("t", tenant)
                  .param("from", Timestamp.from(from))
                  .param("to", Timestamp.from(to))
                  .query(
                      (rs, n) -> {
                        byAction.merge(rs.getString(4), 1.0, Double::sum);
                        byOutcome.merge(rs.getString(6), 1.0, Double::sum);
                        return List.of(
                            Long.toString(rs.getLong(1)),
                            when(rs.getTimestamp(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6));
                      })
                  .list();
          List<List<String>> decisions =
              j.sql(
                      "select v.voted_at, v.actor, v.decision, a.playbook_key, a.step_id, v.run_id,"
                          + " coalesce(v.comment, '') from approval_votes v join approvals a on"
                          + " a.tenant_id = v.tenant_id and a.run_id = v.run_id and a.step_id ="
                          + " v.step_id where v.tenant_id = :t and v.voted_at >= :from and"
                          + " v.voted_at < :to order by v.voted_at")
                  .param("t", tenant)
                  .param("from", Timestamp.from(from))
                  .param("to", Timestamp.from(to))
                  .query(
                      (rs, n) ->
                          List.of(
                              when(rs.getTimestamp(1)),
                              rs.getString(2),
                              rs.getString(3),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getString(6),
                              rs.getString(7)))
                  .list();
          Table trail =
              new Table(
                  null, List.of("#", "at (UTC)", "actor", "action", "target", "outcome"), rows);
          long actors = rows.stream().map(r -> r.get(2)).distinct().count();
          List<Section> sections =
              List.of(
                  new Section(
                      "Integrity",
                      List.of(
                          new Figure("Records in the period", Integer.toString(rows.size())),
                          new Figure("Actors", Long.toString(actors)),
                          new Figure("Approval votes", Integer.toString(decisions.size())),
                          new Figure("Hash chain", chain.valid() ? "verified" : "BROKEN")),
                      List.of(
                          chain.valid()
                              ? "The tenant's audit trail is append-only and hash-chained; all "
                                  + chain.checked()
                                  + " records verify."
                              : "The hash chain does not verify: "
                                  + chain.reason()
                                  + " (first broken record "
                                  + chain.firstBrokenId()
                                  + ")."),
                      chart("Records by outcome", byOutcome),
                      null),
                  new Section(
                      "Records by action", List.of(), List.of(), chart("Actions", byAction), null),
                  new Section(
                      "Approval decisions",
                      List.of(),
                      List.of(),
                      null,
                      new Table(
                          null,
                          List.of(
                              "voted (UTC)",
                              "actor",
                              "decision",
                              "playbook",
                              "step",
                              "run",
                              "comment"),
                          decisions)),
                  new Section("Audit trail", List.of(), List.of(), null, trail));
          return new ReportDocument(
              "audit",
              "Audit report",
              "Decisions and their actors, " + period(from, to),
              tenant,
              tenantName(j, tenant),
              period(from, to),
              now,
              sections,
              trail);
        });
  }
}
