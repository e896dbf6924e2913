package dev.vigil.workflows.scan;

import dev.vigil.workflows.system.ScheduleTiming;

/**
 * A scan schedule: what to scan and when ({@link ScheduleTiming}: a cron expression in a timezone
 * or an interval of at least five minutes).
 *
 * @param tenant the tenant
 * @param name the schedule's name (its id)
 * @param target what to scan ({@link ScanTargets})
 * @param profile a {@link ScanProfile} key
 * @param ports a validated port list, or null
 * @param cron a cron expression, or null when {@code everySeconds} is set
 * @param everySeconds the interval, or 0 when {@code cron} is set
 * @param timezone the cron's timezone (IANA)
 * @param createdBy who made it
 */
public record ScanSchedule(
    String tenant,
    String name,
    String target,
    String profile,
    String ports,
    String cron,
    long everySeconds,
    String timezone,
    String createdBy) {

  /** When it runs. */
  public ScheduleTiming timing() {
    return new ScheduleTiming(cron, everySeconds, timezone);
  }
}
