package dev.vigil.activities.incident;

import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.store.incident.IncidentProjection;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.store.incident.IncidentWrite;
import dev.vigil.store.system.PostgresText;
import dev.vigil.workflows.incident.IncidentActivities;
import dev.vigil.workflows.incident.IncidentChange;
import dev.vigil.workflows.incident.IncidentNotice;
import dev.vigil.workflows.incident.OpenIncident;
import dev.vigil.workflows.system.VigilMeters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.MDC;

/** Writes incident changes into PostgreSQL ({@link IncidentProjection}) and sends notices. */
public class IncidentActivitiesImpl implements IncidentActivities {

  private final IncidentProjection projection;
  private final NotificationActivitiesImpl notifications;
  private final VigilMeters meters;
  private final dev.vigil.activities.notify.Notifier notifier;

  public IncidentActivitiesImpl(DataSource dataSource, NotificationActivitiesImpl notifications) {
    this(
        dataSource,
        notifications,
        VigilMeters.discard(),
        dev.vigil.activities.notify.Notifier.NONE);
  }

  /**
   * @param notifier told when an incident opens (the tenant's routes say who hears of it)
   */
  public IncidentActivitiesImpl(
      DataSource dataSource,
      NotificationActivitiesImpl notifications,
      VigilMeters meters,
      dev.vigil.activities.notify.Notifier notifier) {
    this.projection = new IncidentProjection(dataSource);
    this.notifications = notifications;
    this.meters = meters;
    this.notifier = notifier;
  }

  @Override
  public long project(IncidentChange c) {
    try (var tenant = MDC.putCloseable("tenant", c.tenant());
        var incident = MDC.putCloseable("incidentId", c.incidentId())) {
      long moved = apply(c);
      if (c.timeline().stream().anyMatch(t -> t.kind().equals("opened"))) {
        // after the commit; a retry sends again, and the notification's key makes it one
        notifier.send(opened(c));
      }
      return moved;
    }
  }

  private static dev.vigil.workflows.notify.Notification opened(IncidentChange c) {
    IncidentChange.Row r = c.row();
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Severity", r.severity());
    fields.put("Status", r.status());
    if (r.assignee() != null) {
      fields.put("Assignee", r.assignee());
    }
    fields.put("Opened by", r.openedBy());
    fields.put("Incident", c.incidentId());
    return new dev.vigil.workflows.notify.Notification(
        c.tenant(),
        dev.vigil.workflows.notify.Notification.INCIDENT_OPENED + "/" + c.incidentId(),
        dev.vigil.workflows.notify.Notification.INCIDENT_OPENED,
        r.severity(),
        "Incident opened (" + r.severity() + "): " + r.title(),
        r.description(),
        "/incidents/" + c.incidentId(),
        fields,
        null);
  }

  private long apply(IncidentChange c) {
    return projection.apply(
        write(c),
        w ->
            w.timeline().stream()
                .filter(t -> t.kind().equals("sla_breach"))
                .forEach(t -> meters.slaBreach(String.valueOf(t.data().get("clock")))));
  }

  @Override
  public void sendNotice(IncidentNotice notice) {
    try (var tenant = MDC.putCloseable("tenant", notice.tenant());
        var incident = MDC.putCloseable("incidentId", notice.incidentId())) {
      notifications.incident(notice);
    }
  }

  /** The store's record of a workflow change. */
  static IncidentWrite write(IncidentChange c) {
    IncidentChange.Row r = c.row();
    List<Map<String, Object>> entities = new ArrayList<>();
    r.entities()
        .forEach(
            e -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("kind", e.kind());
              m.put("value", e.value());
              entities.add(m);
            });
    Map<String, Object> versions = new LinkedHashMap<>(r.policyVersions());
    IncidentRow row =
        new IncidentRow(
            c.tenant(),
            c.incidentId(),
            OpenIncident.workflowId(c.tenant(), c.incidentId()),
            c.seq(),
            r.title(),
            r.description(),
            r.status(),
            r.severity(),
            r.assignee(),
            entities,
            PostgresText.cleanList(r.tags()),
            r.openedBy(),
            instant(r.openedAt()),
            instant(r.updatedAt()),
            r.correlationKey(),
            instant(r.acknowledgeBy()),
            instant(r.containBy()),
            instant(r.resolveBy()),
            r.slaPaused(),
            r.breached(),
            r.breaches(),
            r.warnings(),
            r.closeReason(),
            r.mergedInto(),
            r.timeToAcknowledge(),
            r.timeToContain(),
            r.timeToResolve(),
            r.handlingTime(),
            versions,
            0,
            0);
    List<IncidentWrite.TimelineRow> timeline =
        c.timeline().stream()
            .map(
                t ->
                    new IncidentWrite.TimelineRow(
                        t.seq(), instant(t.at()), t.actor(), t.kind(), t.summary(), t.data(), null))
            .toList();
    List<IncidentWrite.AttachedAlert> attached = new ArrayList<>();
    Instant at = instant(r.updatedAt());
    c.attached()
        .forEach(a -> attached.add(new IncidentWrite.AttachedAlert(a.alertId(), at, a.by())));
    List<IncidentWrite.ObservableRow> observables =
        c.observables().stream()
            .map(
                o ->
                    new IncidentWrite.ObservableRow(
                        o.kind(), o.value(), o.tlp(), o.source(), instant(o.at()), null))
            .toList();
    List<IncidentWrite.RunRow> runs =
        c.runs().stream()
            .map(
                run ->
                    new IncidentWrite.RunRow(
                        run.runId(), run.playbook(), run.responseId(), instant(run.startedAt())))
            .toList();
    List<IncidentWrite.TaskRow> tasks = null;
    if (c.tasks() != null) {
      tasks = new ArrayList<>();
      for (int i = 0; i < c.tasks().size(); i++) {
        var t = c.tasks().get(i);
        tasks.add(
            new IncidentWrite.TaskRow(
                t.id(),
                i,
                t.title(),
                t.mandatory(),
                t.playbook(),
                t.status(),
                t.assignee(),
                instant(t.due())));
      }
    }
    return new IncidentWrite(
        row, timeline, attached, c.detached(), observables, runs, tasks, c.absorbedFrom());
  }

  private static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }
}
