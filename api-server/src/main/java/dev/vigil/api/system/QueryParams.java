package dev.vigil.api.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parsing of query parameters shared by list endpoints. */
public final class QueryParams {

  private QueryParams() {}

  /** An ISO-8601 instant parameter, or null; a 422 pointing at the parameter when malformed. */
  public static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          "/" + name, name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }
}
