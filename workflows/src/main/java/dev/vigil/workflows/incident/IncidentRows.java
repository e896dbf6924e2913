package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentSnapshot.SlaClock;

/** The incident's row as the store keeps it, computed from the incident's state. */
final class IncidentRows {

  private IncidentRows() {}

  /** The row of {@code s} at {@code now}: SLA due times and durations in active time. */
  static IncidentChange.Row row(
      IncidentSnapshot s, String openedBy, IncidentPolicy policy, long now) {
    long paused = s.pausedTotal() + (s.pausedSince() == null ? 0 : now - s.pausedSince());
    boolean isPaused = s.pausedSince() != null;
    SlaClock ack = SlaClocks.find(s.clocks(), SlaClocks.ACKNOWLEDGE);
    SlaClock contain = SlaClocks.find(s.clocks(), SlaClocks.CONTAIN);
    SlaClock resolve = SlaClocks.find(s.clocks(), SlaClocks.RESOLVE);
    Long closedAt = s.milestones().closed();
    return new IncidentChange.Row(
        s.title(),
        s.description(),
        s.status().key(),
        s.severity(),
        s.assignee(),
        s.entities(),
        s.tags(),
        openedBy,
        IncidentCase.iso(s.openedAt()),
        IncidentCase.iso(s.updatedAt()),
        policy.correlationKey(),
        due(ack, paused, isPaused),
        due(contain, paused, isPaused),
        due(resolve, paused, isPaused),
        isPaused,
        s.breaches() > 0,
        s.breaches(),
        s.warnings(),
        s.closeReason(),
        s.mergedInto(),
        stopped(ack, now, paused),
        stopped(contain, now, paused),
        stopped(resolve, now, paused),
        closedAt == null ? null : closedAt - s.openedAt() - paused,
        policy.versions());
  }

  private static String due(SlaClock c, long paused, boolean isPaused) {
    if (c == null) {
      return null;
    }
    Long at = SlaClocks.dueAt(c, 1.0, paused, isPaused);
    return at == null ? null : IncidentCase.iso(at);
  }

  private static Long stopped(SlaClock c, long now, long paused) {
    return c == null || c.stoppedAt() == null ? null : SlaClocks.elapsed(c, now, paused);
  }
}
