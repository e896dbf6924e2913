package dev.vigil.workflows.incident;

import dev.vigil.playbook.model.Durations;
import dev.vigil.workflows.incident.IncidentSnapshot.SlaClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SLA arithmetic, pure: clocks run in active time (paused time does not count), warn at a fraction
 * of their target and breach at the target. The workflow sleeps until {@link #nextDue} and then
 * fires what {@link #due} returns.
 */
final class SlaClocks {

  static final String ACKNOWLEDGE = "acknowledge";
  static final String CONTAIN = "contain";
  static final String RESOLVE = "resolve";
  static final List<String> NAMES = List.of(ACKNOWLEDGE, CONTAIN, RESOLVE);

  private SlaClocks() {}

  /** A warning or a breach that is due. */
  record Fired(String clock, boolean breach, long targetMillis) {}

  /** The target of {@code clock} for {@code severity}, or null when the policy sets none. */
  static Long target(IncidentPolicy.Sla sla, String severity, String clock) {
    IncidentPolicy.Targets t = sla.targets().get(severity);
    if (t == null) {
      return null;
    }
    String text =
        switch (clock) {
          case ACKNOWLEDGE -> t.acknowledge();
          case CONTAIN -> t.contain();
          default -> t.resolve();
        };
    if (text == null) {
      return null;
    }
    Optional<Duration> d = Durations.parse(text);
    return d.map(Duration::toMillis).filter(ms -> ms > 0).orElse(null);
  }

  /** New clocks for {@code names} starting now, with the targets of {@code severity}. */
  static List<SlaClock> start(
      IncidentPolicy.Sla sla, String severity, List<String> names, long now, long pausedTotal) {
    List<SlaClock> out = new ArrayList<>();
    for (String n : names) {
      Long target = target(sla, severity, n);
      if (target != null) {
        out.add(new SlaClock(n, now, pausedTotal, target, null, 0, false, false));
      }
    }
    return out;
  }

  /** Active millis a clock has run at {@code now}, given the incident's paused total now. */
  static long elapsed(SlaClock c, long now, long pausedNow) {
    if (c.stoppedAt() != null) {
      return c.stoppedAt() - c.startedAt() - (c.pausedAtStop() - c.pausedAtStart());
    }
    return now - c.startedAt() - (pausedNow - c.pausedAtStart());
  }

  /**
   * The instant a running clock reaches {@code fraction} of its target if nothing pauses it; null
   * when it is stopped or the SLA is paused.
   */
  static Long dueAt(SlaClock c, double fraction, long pausedNow, boolean paused) {
    if (c.stoppedAt() != null || paused) {
      return null;
    }
    return c.startedAt()
        + (long) Math.ceil(fraction * c.targetMillis())
        + pausedNow
        - c.pausedAtStart();
  }

  /** The next instant a warning or breach falls due, or null when none can. */
  static Long nextDue(List<SlaClock> clocks, double warnAt, long pausedNow, boolean paused) {
    Long next = null;
    for (SlaClock c : clocks) {
      if (c.breached()) {
        continue;
      }
      Long at = dueAt(c, c.warned() ? 1.0 : warnAt, pausedNow, paused);
      if (at != null && (next == null || at < next)) {
        next = at;
      }
    }
    return next;
  }

  /** Marks what is due at {@code now} and returns it (a warning and a breach may both fire). */
  static List<Fired> due(
      List<SlaClock> clocks, double warnAt, long now, long pausedNow, boolean paused) {
    List<Fired> fired = new ArrayList<>();
    if (paused) {
      return fired;
    }
    for (int i = 0; i < clocks.size(); i++) {
      SlaClock c = clocks.get(i);
      if (c.stoppedAt() != null || c.breached()) {
        continue;
      }
      long elapsed = elapsed(c, now, pausedNow);
      boolean warn = !c.warned() && elapsed >= (long) Math.ceil(warnAt * c.targetMillis());
      boolean breach = elapsed >= c.targetMillis();
      if (warn || breach) {
        clocks.set(
            i,
            new SlaClock(
                c.name(),
                c.startedAt(),
                c.pausedAtStart(),
                c.targetMillis(),
                null,
                0,
                c.warned() || warn,
                breach));
        if (warn) {
          fired.add(new Fired(c.name(), false, c.targetMillis()));
        }
        if (breach) {
          fired.add(new Fired(c.name(), true, c.targetMillis()));
        }
      }
    }
    return fired;
  }

  /** Stops the running clock {@code name} at {@code now}. */
  static void stop(List<SlaClock> clocks, String name, long now, long pausedNow) {
    for (int i = 0; i < clocks.size(); i++) {
      SlaClock c = clocks.get(i);
      if (c.name().equals(name) && c.stoppedAt() == null) {
        clocks.set(
            i,
            new SlaClock(
                c.name(),
                c.startedAt(),
                c.pausedAtStart(),
                c.targetMillis(),
                now,
                pausedNow,
                c.warned(),
                c.breached()));
      }
    }
  }

  /** Gives the running clocks the targets of a new severity (a past target fires next). */
  static void retarget(List<SlaClock> clocks, IncidentPolicy.Sla sla, String severity) {
    for (int i = 0; i < clocks.size(); i++) {
      SlaClock c = clocks.get(i);
      Long target = target(sla, severity, c.name());
      if (c.stoppedAt() == null && !c.breached() && target != null) {
        clocks.set(
            i,
            new SlaClock(
                c.name(), c.startedAt(), c.pausedAtStart(), target, null, 0, c.warned(), false));
      }
    }
  }

  /** The running clock {@code name}, if any. */
  static SlaClock find(List<SlaClock> clocks, String name) {
    SlaClock found = null;
    for (SlaClock c : clocks) {
      if (c.name().equals(name)) {
        found = c; // the latest (a reopen starts new clocks)
      }
    }
    return found;
  }
}
