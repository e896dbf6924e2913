package dev.vigil.workflows.report;

import dev.vigil.workflows.system.ScheduleTiming;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * A report schedule: which report of a period, in which format, e-mailed to whom, and when ({@link
 * ScheduleTiming}). Each run reports on the period that ends at its run time: the day, the week (7
 * days) or the calendar month before it, counted in the schedule's timezone.
 *
 * @param tenant the tenant
 * @param name the schedule's name (its id)
 * @param type {@code executive_summary} or {@code audit}
 * @param format {@code pdf}, {@code csv} or {@code json}
 * @param period {@code day}, {@code week} or {@code month}
 * @param connection the {@code smtp} connection the report is sent through
 * @param to the recipients' addresses
 * @param cron a cron expression, or null when {@code everySeconds} is set
 * @param everySeconds the interval, or 0 when {@code cron} is set
 * @param timezone the cron's and the period's timezone (IANA)
 * @param createdBy who made it
 */
public record ReportSchedule(
    String tenant,
    String name,
    String type,
    String format,
    String period,
    String connection,
    List<String> to,
    String cron,
    long everySeconds,
    String timezone,
    String createdBy) {

  /** The report types a schedule may send: those of a period. */
  public static final List<String> TYPES = List.of("executive_summary", "audit");

  /** The periods. */
  public static final List<String> PERIODS = List.of("day", "week", "month");

  public ReportSchedule {
    to = to == null ? List.of() : List.copyOf(to);
  }

  /** When it runs. */
  public ScheduleTiming timing() {
    return new ScheduleTiming(cron, everySeconds, timezone);
  }

  /** The report's {@code from} and {@code to} for the run at {@code runAt}. */
  public Map<String, String> periodBefore(Instant runAt) {
    ZonedDateTime end = runAt.atZone(timing().zone());
    ZonedDateTime start =
        switch (period) {
          case "day" -> end.minusDays(1);
          case "week" -> end.minusWeeks(1);
          case "month" -> end.minusMonths(1);
          default -> throw new IllegalArgumentException("no period " + period);
        };
    return Map.of("from", start.toInstant().toString(), "to", runAt.toString());
  }
}
