package dev.vigil.detections.format;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Timestamp parsing for all formats, hand-written for speed (no formatter per record). Accepts
 * {@code YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]]} with a fraction of any length (digits past
 * nanoseconds are dropped) followed by {@code Z}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH} or
 * nothing — then the time is local to the given zone. Syslog's year-less {@code Mmm dd HH:MM:SS} is
 * read by {@link #syslog}.
 */
final class Times {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private Times() {}

  /** The instant in {@code s}, or null when {@code s} is not such a timestamp. */
  static Instant parse(String s, ZoneId zone) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    if (n < 16) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    char sep = s.charAt(10);
    if (year < 0
        || month < 0
        || day < 0
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (sep != 'T' && sep != 't' && sep != ' ')) {
      return null;
    }
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    if (hour < 0 || minute < 0 || s.charAt(13) != ':') {
      return null;
    }
    int i = 16;
    int second = 0;
    int nanos = 0;
    if (i < n && s.charAt(i) == ':') {
      second = digits(s, 17, 2);
      if (second < 0) {
        return null;
      }
      i = 19;
      if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        i++;
        int start = i;
        int scale = 100_000_000;
        while (i < n && isDigit(s.charAt(i))) {
          nanos += (s.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) {
          return null;
        }
      }
    }
    ZoneOffset offset = null;
    if (i < n - 1 && s.charAt(i) == ' ') {
      i++; // "2024-01-02 03:04:05 +0100"
    }
    if (i < n) {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i == n - 1) {
        offset = ZoneOffset.UTC;
      } else if (c == '+' || c == '-') {
        offset = offset(s, i + 1, c == '-');
        if (offset == null) {
          return null;
        }
      } else {
        return null;
      }
    }
    try {
      LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
      return offset != null ? t.toInstant(offset) : t.atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static ZoneOffset offset(String s, int i, boolean negative) {
    int n = s.length();
    int hours = digits(s, i, 2);
    int minutes = 0;
    if (hours < 0) {
      return null;
    }
    if (n == i + 5 && s.charAt(i + 2) == ':') {
      minutes = digits(s, i + 3, 2);
    } else if (n == i + 4) {
      minutes = digits(s, i + 2, 2);
    } else if (n != i + 2) {
      return null;
    }
    if (minutes < 0 || minutes > 59 || hours > 18) {
      return null;
    }
    int total = hours * 3600 + minutes * 60;
    try {
      return ZoneOffset.ofTotalSeconds(negative ? -total : total);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A syslog {@code Mmm dd HH:MM:SS} timestamp ({@code dd} may be space-padded) starting at {@code
   * i}: the year is the context's, else the current year in the context's zone, or the previous one
   * when the date would lie more than a day after {@code now} (December lines read in January).
   */
  static Instant syslog(String s, int i, ParseContext context) {
    if (s.length() < i + 15) {
      return null;
    }
    int m = MONTHS.indexOf(s.substring(i, i + 3));
    if (m < 0 || m % 3 != 0 || s.charAt(i + 3) != ' ') {
      return null;
    }
    int day = s.charAt(i + 4) == ' ' ? digits(s, i + 5, 1) : digits(s, i + 4, 2);
    int hour = digits(s, i + 7, 2);
    int minute = digits(s, i + 10, 2);
    int second = digits(s, i + 13, 2);
    if (day < 0
        || hour < 0
        || minute < 0
        || second < 0
        || s.charAt(i + 6) != ' '
        || s.charAt(i + 9) != ':'
        || s.charAt(i + 12) != ':') {
      return null;
    }
    ZoneId zone = context.zone();
    Integer given = context.year();
    int year = given != null ? given : context.now().atZone(zone).getYear();
    Instant t = at(year, m / 3 + 1, day, hour, minute, second, zone);
    if (given == null && (t == null || t.isAfter(context.now().plus(Duration.ofDays(1))))) {
      // in the future, or Feb 29 of a non-leap current year: last year's line
      t = at(year - 1, m / 3 + 1, day, hour, minute, second, zone);
    }
    return t;
  }

  private static Instant at(int y, int mo, int d, int h, int mi, int s, ZoneId zone) {
    try {
      return LocalDateTime.of(y, mo, d, h, mi, s).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The non-negative integer in {@code s[i, i+len)}, or -1 when it is not all digits. */
  private static int digits(String s, int i, int len) {
    if (i + len > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = i; k < i + len; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The time in {@code field} of a JSON record, which must be an object; a {@link RecordException}
   * at the right pointer otherwise.
   */
  static Instant required(com.fasterxml.jackson.databind.JsonNode r, String field, ParseContext c) {
    if (r == null || !r.isObject()) {
      throw new RecordException("", "expected a JSON object");
    }
    com.fasterxml.jackson.databind.JsonNode ts = r.get(field);
    if (ts == null || ts.isNull()) {
      throw new RecordException("/" + field, "missing " + field);
    }
    Instant time = ts.isTextual() ? parse(ts.textValue().strip(), c.zone()) : null;
    if (time == null) {
      throw new RecordException("/" + field, field + " must be an ISO 8601 timestamp string");
    }
    return time;
  }
}
