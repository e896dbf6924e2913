package dev.vigil.api.system;

import dev.vigil.store.system.Limits;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing of query parameters shared by list endpoints. */
public final class QueryParams {

  private QueryParams() {}

  /**
   * An ISO-8601 instant parameter, or null; a 422 pointing at the parameter when malformed or
   * outside the years 1 to 9999.
   */
  public static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      Instant t = Instant.parse(value);
      if (Limits.inRange(t)) {
        return t;
      }
    } catch (DateTimeParseException e) {
      // below
    }
    throw ApiException.invalid(
        "/" + name,
        name
            + " must be an ISO-8601 instant between the years 1 and 9999, such as"
            + " 2026-01-31T00:00:00Z");
  }
}
