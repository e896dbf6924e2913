package dev.vigil.activities.report;

import static dev.vigil.activities.report.ReportBuilders.chart;
import static dev.vigil.activities.report.ReportBuilders.duration;
import static dev.vigil.activities.report.ReportBuilders.num;
import static dev.vigil.activities.report.ReportBuilders.period;
import static dev.vigil.activities.report.ReportBuilders.s;
import static dev.vigil.activities.report.ReportBuilders.tenantName;
import static dev.vigil.activities.report.ReportBuilders.when;

import dev.vigil.activities.report.ReportBuilders.NotBuildable;
import dev.vigil.activities.report.ReportDocument.Figure;
import dev.vigil.activities.report.ReportDocument.Section;
import dev.vigil.activities.report.ReportDocument.Table;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reports of a period [from, to): the executive summary (incidents by severity, MTTA/MTTR, SLA
 * breaches, top rules and sources, runs and approvals) and the audit report (every record and
 * approval vote with its actor, and whether the hash chain verifies).
 */
final class PeriodReports {

  private final TenantJdbc db;
  private final AuditLog audit;

  PeriodReports(TenantJdbc db, AuditLog audit) {
    this.db = db;
    this.audit = audit;
  }

  /** A query over the tenant's rows in the period: {@code :t}, {@code :from}, {@code :to} bound. */
  private static JdbcClient.StatementSpec window(
      JdbcClient j, String sql, String tenant, Instant from, Instant to) {
    return j.sql(sql)
        .param("t", tenant)
        .param("from", Timestamp.from(from))
        .param("to", Timestamp.from(to));
  }

  /** A {@code key, count} query's rows, in its order. */
  private static Map<String, Double> counts(JdbcClient.StatementSpec query) {
    Map<String, Double> out = new LinkedHashMap<>();
    query.query(
        rs -> {
          out.put(rs.getString(1), (double) rs.getLong(2));
        });
    return out;
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
              window(
                      j,
                      "select count(*) as opened, count(*) filter (where status in ('resolved',"
                          + " 'closed')) as resolved, count(*) filter (where breached) as breached,"
                          + " sum(breaches) as breaches, avg(time_to_acknowledge)::bigint as mtta,"
                          + " avg(time_to_resolve)::bigint as mttr, count(*) filter (where"
                          + " close_reason = 'false_positive') as false_positives from incidents"
                          + " where tenant_id = :t and opened_at >= :from and opened_at < :to",
                      tenant,
                      from,
                      to)
                  .query()
                  .singleRow();
          bySeverity.putAll(
              counts(
                  window(
                      j,
                      "select severity, count(*) from incidents where tenant_id = :t and opened_at >="
                          + " :from and opened_at < :to group by severity",
                      tenant,
                      from,
                      to)));
          Map<String, Double> rules =
              counts(
                  window(
                      j,
                      "select rule_key, count(*) from alerts where tenant_id = :t and first_seen >= :from"
                          + " and first_seen < :to group by rule_key order by count(*) desc, rule_key"
                          + " limit 10",
                      tenant,
                      from,
                      to));
          Map<String, Double> sources =
              counts(
                  window(
                      j,
                      "select coalesce(entity_value, '(none)'), count(*) from alerts where tenant_id ="
                          + " :t and first_seen >= :from and first_seen < :to group by 1 order by"
                          + " count(*) desc, 1 limit 10",
                      tenant,
                      from,
                      to));
          Map<String, Double> runs =
              counts(
                  window(
                      j,
                      "select status, count(*) from runs where tenant_id = :t and started_at >= :from"
                          + " and started_at < :to group by status order by count(*) desc, status",
                      tenant,
                      from,
                      to));
          Map<String, Object> approvals =
              window(
                      j,
                      "select count(*) as opened, count(*) filter (where status = 'approved') as"
                          + " approved, count(*) filter (where status = 'rejected') as rejected,"
                          + " avg(extract(epoch from decided_at - opened_at) * 1000)::bigint as wait"
                          + " from approvals where tenant_id = :t and opened_at >= :from and"
                          + " opened_at < :to",
                      tenant,
                      from,
                      to)
                  .query()
                  .singleRow();
          List<List<String>> incidents =
              window(
                      j,
                      "select id, opened_at, severity, status, title, coalesce(assignee, ''),"
                          + " time_to_acknowledge, time_to_resolve, breached from incidents where"
                          + " tenant_id = :t and opened_at >= :from and opened_at < :to order by"
                          + " opened_at, id",
                      tenant,
                      from,
                      to)
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
              window(
                      j,
                      "select id, at, actor, action, target, outcome from audit_log where tenant_id ="
                          + " :t and at >= :from and at < :to order by id",
                      tenant,
                      from,
                      to)
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
              window(
                      j,
                      "select v.voted_at, v.actor, v.decision, a.playbook_key, a.step_id, v.run_id,"
                          + " coalesce(v.comment, '') from approval_votes v join approvals a on"
                          + " a.tenant_id = v.tenant_id and a.run_id = v.run_id and a.step_id ="
                          + " v.step_id where v.tenant_id = :t and v.voted_at >= :from and"
                          + " v.voted_at < :to order by v.voted_at",
                      tenant,
                      from,
                      to)
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
