package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentSnapshot.SlaClock;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's SLA clocks and pauses, with the counts of warnings and breaches: the state that
 * {@link SlaClocks}' arithmetic works on. Clocks run in active time; a pause stops them all.
 */
final class CaseSla {

  private final IncidentPolicy.Sla policy;
  private final List<SlaClock> clocks;
  private Long pausedSince;
  private long pausedTotal;
  private int warnings;
  private int breaches;

  private CaseSla(
      IncidentPolicy.Sla policy,
      List<SlaClock> clocks,
      Long pausedSince,
      long pausedTotal,
      int warnings,
      int breaches) {
    this.policy = policy;
    this.clocks = new ArrayList<>(clocks);
    this.pausedSince = pausedSince;
    this.pausedTotal = pausedTotal;
    this.warnings = warnings;
    this.breaches = breaches;
  }

  /** Every clock of {@code severity}, started at {@code now}. */
  static CaseSla start(IncidentPolicy.Sla policy, String severity, long now) {
    return new CaseSla(
        policy, SlaClocks.start(policy, severity, SlaClocks.NAMES, now, 0), null, 0, 0, 0);
  }

  /** The clocks a snapshot carried. */
  static CaseSla restore(IncidentPolicy.Sla policy, IncidentSnapshot s) {
    return new CaseSla(
        policy, s.clocks(), s.pausedSince(), s.pausedTotal(), s.warnings(), s.breaches());
  }

  /** Starts {@code names} again (a reopen), with the targets of {@code severity}. */
  void restart(String severity, List<String> names, long now) {
    clocks.addAll(SlaClocks.start(policy, severity, names, now, pausedAt(now)));
  }

  void stop(String clock, long now) {
    SlaClocks.stop(clocks, clock, now, pausedAt(now));
  }

  /** Gives the running clocks the targets of {@code severity}. */
  void retarget(String severity) {
    SlaClocks.retarget(clocks, policy, severity);
  }

  void pause(long now) {
    pausedSince = now;
  }

  void resume(long now) {
    pausedTotal = pausedAt(now);
    pausedSince = null;
  }

  boolean paused() {
    return pausedSince != null;
  }

  /** Epoch millis of the next warning or breach, or null when none can fall due. */
  Long nextDue(long now) {
    return SlaClocks.nextDue(clocks, policy.warnAt(), pausedAt(now), paused());
  }

  /** The warnings and breaches due at {@code now}, marked and counted. */
  List<SlaClocks.Fired> fire(long now) {
    List<SlaClocks.Fired> fired =
        SlaClocks.due(clocks, policy.warnAt(), now, pausedAt(now), paused());
    for (SlaClocks.Fired f : fired) {
      if (f.breach()) {
        breaches++;
      } else {
        warnings++;
      }
    }
    return fired;
  }

  /** The time paused up to {@code now}. */
  long pausedAt(long now) {
    return pausedTotal + (pausedSince == null ? 0 : now - pausedSince);
  }

  List<SlaClock> clocks() {
    return List.copyOf(clocks);
  }

  Long pausedSince() {
    return pausedSince;
  }

  long pausedTotal() {
    return pausedTotal;
  }

  int warnings() {
    return warnings;
  }

  int breaches() {
    return breaches;
  }
}
