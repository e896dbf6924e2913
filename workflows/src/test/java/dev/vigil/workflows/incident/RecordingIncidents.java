package dev.vigil.workflows.incident;

import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PrepareRunActivities;
import dev.vigil.workflows.playbook.PrepareRunRequest;
import dev.vigil.workflows.playbook.StartRunInput;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The incident workflow's activities for workflow tests: records every projected change and notice,
 * prepares runs of any playbook except {@code missing} (which fails as the store would).
 */
final class RecordingIncidents implements IncidentActivities, PrepareRunActivities {

  final List<IncidentChange> changes = new CopyOnWriteArrayList<>();
  final List<IncidentNotice> notices = new CopyOnWriteArrayList<>();
  final List<PrepareRunRequest> prepared = new CopyOnWriteArrayList<>();
  volatile long absorbedAlerts;

  /** The next projections fail (the database is down) this many times. */
  final java.util.concurrent.atomic.AtomicInteger failNext =
      new java.util.concurrent.atomic.AtomicInteger();

  void reset() {
    changes.clear();
    notices.clear();
    prepared.clear();
    absorbedAlerts = 0;
    failNext.set(0);
  }

  @Override
  public long project(IncidentChange change) {
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("connection refused");
    }
    changes.add(change);
    return change.absorbedFrom() == null ? 0 : absorbedAlerts;
  }

  @Override
  public void sendNotice(IncidentNotice notice) {
    notices.add(notice);
  }

  @Override
  public StartRunInput prepare(PrepareRunRequest r) {
    prepared.add(r);
    if ("missing".equals(r.playbook())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no playbook 'missing' in tenant " + r.tenant(), "InvalidDefinition");
    }
    return new StartRunInput(
        r.runId(),
        r.tenant(),
        new PinnedPlaybook(r.playbook(), 1, "{}"),
        List.of(),
        r.inputs(),
        r.mode(),
        r.startedBy(),
        r.trigger(),
        List.of());
  }

  /** Timeline entries of one incident, in order. */
  List<TimelineEntry> timeline(String incidentId) {
    return changes.stream()
        .filter(c -> c.incidentId().equals(incidentId))
        .flatMap(c -> c.timeline().stream())
        .toList();
  }

  List<String> kinds(String incidentId) {
    return timeline(incidentId).stream().map(TimelineEntry::kind).toList();
  }

  IncidentChange.Row lastRow(String incidentId) {
    IncidentChange.Row row = null;
    for (IncidentChange c : changes) {
      if (c.incidentId().equals(incidentId)) {
        row = c.row();
      }
    }
    return row;
  }
}
