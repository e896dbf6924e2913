package dev.vigil.detections.sigma;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sigma time spans ({@code 30s}, {@code 10m}, {@code 24h}, {@code 1d}) → Vigil windows. */
final class Durations {

  private static final Pattern SPAN = Pattern.compile("\\s*(\\d+)\\s*([smhd])\\s*");

  private Durations() {}

  /** Seconds, or -1 when {@code text} is not a Sigma time span. */
  static long seconds(Object text) {
    if (text == null) {
      return -1;
    }
    Matcher m = SPAN.matcher(text.toString());
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 86400;
        };
    return n == 0 ? -1 : n * unit;
  }

  /** The shortest exact form: 600 → {@code 10m}, 86400 → {@code 1d}. */
  static String format(long seconds) {
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
