package dev.vigil.store.system;

import java.time.Instant;

/** Page sizes, and the instants lists can be filtered and paged by. */
public final class Limits {

  public static final int DEFAULT = 50;
  public static final int MAX = 200;

  /** The earliest and latest instants a filter or cursor may name (PostgreSQL holds more). */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private Limits() {}

  /** True when {@code t} is within {@link #EARLIEST} and {@link #LATEST}. */
  public static boolean inRange(Instant t) {
    return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
  }

  /** The page size to use for a requested limit (null → default); throws when out of range. */
  public static int of(Integer requested) {
    if (requested == null) {
      return DEFAULT;
    }
    if (requested < 1 || requested > MAX) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX);
    }
    return requested;
  }
}
