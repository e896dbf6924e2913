package dev.vigil.activities.intel;

import dev.vigil.activities.system.ActionException;
import dev.vigil.workflows.system.FailureTypes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind an indicator is — {@code ip}, {@code domain}, {@code url} or {@code file} (an MD5,
 * SHA-1 or SHA-256) — checked by its form alone (never resolved: looking an address up must not
 * touch it), and normalised (lower case for domains and hashes).
 */
public final class Indicators {

  static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:]{2,39}(%\\w+)?$");
  static final Pattern DOMAIN =
      Pattern.compile(
          "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$");
  static final Pattern HASH = Pattern.compile("^([0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$");

  public static final java.util.List<String> KINDS =
      java.util.List.of("ip", "domain", "url", "file");

  private Indicators() {}

  /** The kind of {@code indicator}; {@link FailureTypes#INVALID_INPUT} when it is none. */
  public static String kindOf(String indicator) {
    String v = indicator == null ? "" : indicator.trim();
    if (IPV4.matcher(v).matches()
        || (v.contains(":") && IPV6.matcher(v).matches() && !v.contains("://"))) {
      return "ip";
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (HASH.matcher(lower).matches()) {
      return "file";
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return "url";
    }
    if (DOMAIN.matcher(lower).matches()) {
      return "domain";
    }
    throw new ActionException(
        FailureTypes.INVALID_INPUT,
        "'" + v + "' is not an IP address, domain, URL or file hash (MD5, SHA-1, SHA-256)");
  }

  /** {@code indicator} checked to be of {@code kind}, normalised. */
  public static String require(String kind, String indicator) {
    String found = kindOf(indicator);
    if (!found.equals(kind)) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "'" + indicator + "' is a " + found + ", not a " + kind);
    }
    return normalise(kind, indicator);
  }

  static String normalise(String kind, String indicator) {
    String v = indicator.trim();
    return kind.equals("url") || kind.equals("ip") ? v : v.toLowerCase(Locale.ROOT);
  }
}
