package dev.vigil.detections.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What a parser may need beyond the record: the year and timezone for timestamps that carry neither
 * (syslog), and the current time (a syslog date without a year that would lie more than a day in
 * the future belongs to the previous year).
 *
 * @param year the year of year-less timestamps, or null to infer it from {@code now}
 * @param zone the source's timezone for timestamps without an offset
 */
public record ParseContext(Integer year, ZoneId zone, Instant now) {

  public ParseContext {
    zone = zone == null ? ZoneOffset.UTC : zone;
    now = now == null ? Instant.now() : now;
  }

  public static ParseContext utc(Instant now) {
    return new ParseContext(null, ZoneOffset.UTC, now);
  }
}
