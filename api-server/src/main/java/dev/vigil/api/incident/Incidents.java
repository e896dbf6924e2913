package dev.vigil.api.incident;

import dev.vigil.api.alert.Alerts;
import dev.vigil.api.run.RunViews;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.ApiProperties;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.detection.AlertFilter;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.incident.IncidentFilter;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.store.system.Page;
import dev.vigil.workflows.incident.OpenIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Reads of incidents: the queue, one incident with its parts, the dashboard figures. */
@Service
public class Incidents {

  static final int ALERTS_SHOWN = 200;
  static final int TIMELINE_SHOWN = 500;
  static final int OBSERVABLES_SHOWN = 200;
  private static final List<String> SEVERITIES =
      List.of("info", "low", "medium", "high", "critical");

  private final IncidentReads reads;
  private final AlertRepository alerts;
  private final ApprovalRepository approvals;
  private final ApiProperties props;
  private final String namespace;

  Incidents(
      IncidentReads reads,
      AlertRepository alerts,
      ApprovalRepository approvals,
      ApiProperties props,
      io.temporal.client.WorkflowClient temporal) {
    this.reads = reads;
    this.alerts = alerts;
    this.approvals = approvals;
    this.props = props;
    this.namespace = temporal.getOptions().getNamespace();
  }

  /** Query parameters of the queue. */
  public record Params(
      String status,
      String severity,
      String assignee,
      String entity,
      String rule,
      String breached,
      String tag,
      String q,
      Integer limit,
      String cursor) {}

  public PageView<IncidentViews.IncidentItem> list(Actor actor, Params p) {
    if (p.status() != null
        && !"open".equals(p.status())
        && !IncidentRow.STATUSES.contains(p.status())) {
      throw ApiException.invalid(
          "/status", "status must be open or one of " + IncidentRow.STATUSES);
    }
    if (p.severity() != null && !SEVERITIES.contains(p.severity())) {
      throw ApiException.invalid("/severity", "severity must be one of " + SEVERITIES);
    }
    Boolean breached = null;
    if (p.breached() != null) {
      if (!List.of("true", "false").contains(p.breached())) {
        throw ApiException.invalid("/breached", "breached must be true or false");
      }
      breached = Boolean.valueOf(p.breached());
    }
    if (p.q() != null && p.q().length() > 200) {
      throw ApiException.invalid("/q", "q is at most 200 characters");
    }
    IncidentFilter f =
        new IncidentFilter(
            p.status(),
            p.severity(),
            blankToNull(p.assignee()),
            blankToNull(p.entity()),
            blankToNull(p.rule()),
            breached,
            blankToNull(p.tag()),
            blankToNull(p.q()));
    Page<IncidentRow> page = reads.list(actor.tenant(), f, PageLimits.of(p.limit()), p.cursor());
    return PageView.of(page, IncidentViews::item);
  }

  /** The incident's row; 404 when the tenant has none with this id. */
  IncidentRow require(Actor actor, String id) {
    return reads
        .get(actor.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("no incident " + id));
  }

  public IncidentViews.IncidentDetail get(Actor actor, String id) {
    return detail(actor, require(actor, id));
  }

  IncidentViews.IncidentDetail detail(Actor actor, IncidentRow r) {
    String tenant = actor.tenant();
    List<AlertRecord> alertRows =
        alerts
            .list(
                tenant,
                new AlertFilter(null, null, null, null, null, null, r.id()),
                ALERTS_SHOWN,
                null)
            .items();
    Map<String, IncidentReads.AlertLink> links =
        reads.alertLinks(tenant, r.id(), alertRows.stream().map(AlertRecord::id).toList());
    List<IncidentViews.IncidentAlert> alertViews =
        alertRows.stream()
            .map(a -> IncidentViews.alert(Alerts.AlertView.of(a), links.get(a.id())))
            .toList();
    List<IncidentViews.TimelineView> decisions = new java.util.ArrayList<>();
    List<IncidentViews.RunLink> runs =
        reads.runs(tenant, r.id()).stream()
            .map(
                run -> {
                  var runApprovals = approvals.forRun(tenant, run.runId());
                  runApprovals.forEach(a -> decisions.addAll(IncidentViews.decisions(a)));
                  return new IncidentViews.RunLink(
                      run.runId(),
                      run.playbook(),
                      run.status(),
                      run.responseId(),
                      run.startedAt(),
                      runApprovals.stream().map(RunViews::approval).toList());
                })
            .toList();
    List<IncidentViews.TimelineView> timeline =
        new java.util.ArrayList<>(
            reads.timeline(tenant, r.id(), TIMELINE_SHOWN).stream()
                .map(IncidentViews::timeline)
                .toList());
    timeline.addAll(decisions);
    timeline.sort(java.util.Comparator.comparing(IncidentViews.TimelineView::at));
    return new IncidentViews.IncidentDetail(
        r.id(),
        r.title(),
        r.description(),
        r.status(),
        r.severity(),
        r.assignee(),
        r.entities(),
        r.tags(),
        r.alertCount(),
        r.eventCount(),
        r.openedAt(),
        r.updatedAt(),
        r.openedBy(),
        r.closeReason(),
        r.mergedInto(),
        r.correlationKey(),
        IncidentViews.sla(r),
        new IncidentViews.Durations(
            r.timeToAcknowledge(), r.timeToContain(), r.timeToResolve(), r.handlingTime()),
        r.policyVersions(),
        alertViews,
        timeline,
        reads.observables(tenant, r.id(), OBSERVABLES_SHOWN).stream()
            .map(IncidentViews::observable)
            .toList(),
        runs,
        reads.tasks(tenant, r.id()).stream().map(IncidentViews::task).toList(),
        temporalUiUrl(r));
  }

  private String temporalUiUrl(IncidentRow r) {
    return props.temporalUiLink(namespace, OpenIncident.workflowId(r.tenant(), r.id()));
  }

  public IncidentReads.Metrics metrics(Actor actor, Integer days) {
    int d = days == null ? 30 : days;
    if (d < 1 || d > 365) {
      throw ApiException.invalid("/days", "days is between 1 and 365");
    }
    return reads.metrics(actor.tenant(), Instant.now().minus(Duration.ofDays(d)));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
