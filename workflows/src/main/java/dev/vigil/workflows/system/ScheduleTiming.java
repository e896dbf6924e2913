package dev.vigil.workflows.system;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule runs: a cron expression in a timezone (six fields, seconds first, as Spring's
 * {@code CronExpression} reads them: {@code 0 0 2 * * MON-FRI}; a local time that a daylight-saving
 * change skips runs at the first time after the gap, one repeated runs once) or an interval of at
 * least five minutes. Scan and report schedules both keep their timing this way.
 *
 * @param cron a cron expression, or null when {@code everySeconds} is set
 * @param everySeconds the interval, or 0 when {@code cron} is set
 * @param timezone the cron's timezone (IANA; null is UTC)
 */
public record ScheduleTiming(String cron, long everySeconds, String timezone) {

  /** The shortest interval. */
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(5);

  /** Why the timing is not one, or null. */
  public static String problem(String cron, long everySeconds, String timezone) {
    if ((cron == null) == (everySeconds <= 0)) {
      return "give either cron or every";
    }
    if (cron != null) {
      if (!CronExpression.isValidExpression(cron)) {
        return "'"
            + cron
            + "' is not a cron expression (six fields: second minute hour day month weekday)";
      }
      try {
        ZoneId.of(timezone == null ? "UTC" : timezone);
      } catch (DateTimeException e) {
        return "'" + timezone + "' is not a timezone";
      }
      return null;
    }
    return everySeconds < MIN_INTERVAL.toSeconds() ? "every must be at least 5 minutes" : null;
  }

  /** The schedule's timezone. */
  public ZoneId zone() {
    return ZoneId.of(timezone == null ? "UTC" : timezone);
  }

  /** The first run time strictly after {@code after}, or null when the cron has none. */
  public Instant nextAfter(Instant after) {
    if (cron == null) {
      return after.plusSeconds(everySeconds);
    }
    // the cron is read in local time; a local time a clock change skips becomes the first time
    // after the gap (ZonedDateTime.of), one it repeats is the first of the two
    ZoneId zone = zone();
    CronExpression expression = CronExpression.parse(cron);
    LocalDateTime local = after.atZone(zone).toLocalDateTime();
    for (int i = 0; i < 3; i++) {
      local = expression.next(local);
      if (local == null) {
        return null;
      }
      Instant t = ZonedDateTime.of(local, zone).toInstant();
      if (t.isAfter(after)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The latest run time due at {@code now} after {@code last}: what a schedule that slept through
   * several runs (Vigil was down) runs — once — instead of each of them; null when none is due.
   */
  public Instant latestDue(Instant last, Instant now) {
    if (cron == null) {
      long missed = Duration.between(last, now).toSeconds() / everySeconds;
      return missed < 1 ? null : last.plusSeconds(missed * everySeconds);
    }
    Instant due = null;
    Instant t = nextAfter(last);
    int guard = 0;
    while (t != null && !t.isAfter(now) && guard++ < 100_000) {
      due = t;
      t = nextAfter(t);
    }
    return due;
  }
}
