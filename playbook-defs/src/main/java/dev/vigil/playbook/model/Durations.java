package dev.vigil.playbook.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses playbook durations: compact units ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 7d}, {@code 1w}, combinable as {@code 1h30m}) or ISO-8601 ({@code PT30M}, {@code P1D}).
 */
public final class Durations {

  private static final Pattern COMPACT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w))+");

  public static final String HINT = "use e.g. 30s, 5m, 2h, 7d, 1h30m or ISO-8601 such as PT30M";

  private Durations() {}

  /** The duration, or empty when the text is not a positive duration. */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    Duration d;
    if (WHOLE.matcher(t).matches()) {
      d = Duration.ZERO;
      Matcher m = COMPACT.matcher(t);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        d =
            d.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  default -> Duration.ofDays(7 * n);
                });
      }
    } else if (t.startsWith("P") || t.startsWith("p")) {
      try {
        d = Duration.parse(t);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
  }

  /** The duration; throws {@link IllegalArgumentException} naming the bad text. */
  public static Duration require(String text) {
    return parse(text)
        .orElseThrow(
            () -> new IllegalArgumentException("'" + text + "' is not a duration; " + HINT));
  }
}
