package dev.vigil.api.incident;

import dev.vigil.api.alert.Alerts;
import dev.vigil.api.run.RunViews;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.store.incident.IncidentWrite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of incidents (DESIGN §7). */
public final class IncidentViews {

  private IncidentViews() {}

  /** The SLA of an incident: due times (null when paused or stopped), breaches and warnings. */
  public record Sla(
      Instant acknowledgeBy,
      Instant containBy,
      Instant resolveBy,
      boolean breached,
      boolean paused,
      int breaches,
      int warnings) {}

  /** An incident in the queue. */
  public record IncidentItem(
      String id,
      String title,
      String status,
      String severity,
      String assignee,
      List<Map<String, Object>> entities,
      List<String> tags,
      long alertCount,
      long eventCount,
      Instant openedAt,
      Instant updatedAt,
      String closeReason,
      String mergedInto,
      Sla sla) {}

  /** Durations derived from the timeline, milliseconds of active time. */
  public record Durations(
      Long timeToAcknowledge, Long timeToContain, Long timeToResolve, Long handlingTime) {}

  /** An alert of the incident and where it came from. */
  public record IncidentAlert(
      String id,
      Map<String, Object> rule,
      String title,
      String severity,
      String status,
      Map<String, Object> entity,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen,
      long eventCount,
      List<String> mitre,
      Map<String, Object> origin) {}

  /**
   * A timeline entry; {@code origin} is the incident it happened in (another one after a merge).
   */
  public record TimelineView(
      long seq,
      Instant at,
      String actor,
      String kind,
      String summary,
      Map<String, Object> data,
      String origin) {}

  /** How often the tenant saw an observable. */
  public record Sightings(
      long incidents,
      long alerts,
      Instant firstSeen,
      Instant lastSeen,
      List<String> otherIncidents) {}

  public record ObservableView(
      String kind,
      String value,
      String tlp,
      Instant firstSeen,
      Instant lastSeen,
      Sightings sightings,
      List<String> sources,
      String origin) {}

  /** A run the incident started, with its approvals. */
  public record RunLink(
      String runId,
      String playbook,
      String status,
      String responseId,
      Instant startedAt,
      List<RunViews.ApprovalView> approvals) {}

  public record TaskView(
      String id,
      String title,
      boolean mandatory,
      String playbook,
      String status,
      String assignee,
      Instant due) {}

  /** One incident with everything on its page. */
  public record IncidentDetail(
      String id,
      String title,
      String description,
      String status,
      String severity,
      String assignee,
      List<Map<String, Object>> entities,
      List<String> tags,
      long alertCount,
      long eventCount,
      Instant openedAt,
      Instant updatedAt,
      String openedBy,
      String closeReason,
      String mergedInto,
      String correlationKey,
      Sla sla,
      Durations durations,
      Map<String, Object> policyVersions,
      List<IncidentAlert> alerts,
      List<TimelineView> timeline,
      List<ObservableView> observables,
      List<RunLink> runs,
      List<TaskView> tasks,
      String temporalUiUrl) {}

  static Sla sla(IncidentRow r) {
    return new Sla(
        r.acknowledgeBy(),
        r.containBy(),
        r.resolveBy(),
        r.breached(),
        r.slaPaused(),
        r.breaches(),
        r.warnings());
  }

  static IncidentItem item(IncidentRow r) {
    return new IncidentItem(
        r.id(),
        r.title(),
        r.status(),
        r.severity(),
        r.assignee(),
        r.entities(),
        r.tags(),
        r.alertCount(),
        r.eventCount(),
        r.openedAt(),
        r.updatedAt(),
        r.closeReason(),
        r.mergedInto(),
        sla(r));
  }

  static IncidentAlert alert(Alerts.AlertView a, IncidentReads.AlertLink link) {
    Map<String, Object> origin = new LinkedHashMap<>();
    if (link != null) {
      origin.put("incidentId", link.origin());
      origin.put("attachedAt", link.attachedAt());
      origin.put("attachedBy", link.attachedBy());
    }
    return new IncidentAlert(
        a.id(),
        a.rule(),
        a.title(),
        a.severity(),
        a.status(),
        a.entity(),
        a.group(),
        a.firstSeen(),
        a.lastSeen(),
        a.eventCount(),
        a.mitre(),
        origin);
  }

  static TimelineView timeline(IncidentReads.TimelineItem t) {
    return new TimelineView(
        t.seq(), t.at(), t.actor(), t.kind(), t.summary(), t.data(), t.originIncident());
  }

  static ObservableView observable(IncidentReads.ObservableItem o) {
    return new ObservableView(
        o.kind(),
        o.value(),
        o.tlp(),
        o.firstSeen(),
        o.lastSeen(),
        new Sightings(
            o.incidents(),
            o.alerts(),
            o.firstSeenAnywhere(),
            o.lastSeenAnywhere(),
            o.otherIncidents()),
        o.sources(),
        o.originIncident());
  }

  /**
   * The approvals of a run the incident started, as timeline lines: opened, each vote, decided.
   * Their origin is the run ({@code run:<runId>}); they are read from the run's approvals, so the
   * incident shows a decision made in the approvals inbox too.
   */
  static List<TimelineView> decisions(dev.vigil.store.approval.ApprovalRecord a) {
    List<TimelineView> out = new java.util.ArrayList<>();
    String origin = "run:" + a.runId();
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("runId", a.runId());
    base.put("stepId", a.stepId());
    base.put("playbook", a.playbookKey());
    out.add(
        new TimelineView(
            0,
            a.openedAt(),
            "vigil",
            "approval_opened",
            "Approval asked: " + a.prompt(),
            base,
            origin));
    for (var v : a.votes()) {
      Map<String, Object> data = new LinkedHashMap<>(base);
      data.put("decision", v.decision());
      if (v.comment() != null) {
        data.put("comment", v.comment());
      }
      out.add(
          new TimelineView(
              0,
              v.at(),
              v.actor(),
              "vote",
              v.actor()
                  + " voted "
                  + v.decision()
                  + (v.comment() == null ? "" : ": " + v.comment()),
              data,
              origin));
    }
    if (a.decidedAt() != null) {
      Map<String, Object> data = new LinkedHashMap<>(base);
      data.put("status", a.status());
      out.add(
          new TimelineView(
              0,
              a.decidedAt(),
              "vigil",
              "approval_decided",
              "Approval " + a.status(),
              data,
              origin));
    }
    return out;
  }

  static TaskView task(IncidentWrite.TaskRow t) {
    return new TaskView(
        t.taskId(), t.title(), t.mandatory(), t.playbook(), t.status(), t.assignee(), t.due());
  }
}
