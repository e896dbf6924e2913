package dev.vigil.activities.intel;

import dev.vigil.activities.connection.ResolvedConnection;
import java.util.Set;

/** One threat-intelligence service: the indicator kinds it knows and how to ask it. */
interface IntelProvider {

  /** The connection provider, e.g. {@code virustotal}. */
  String provider();

  /** Requests a minute when the connection sets none (the service's free tier). */
  int defaultPerMinute();

  Set<String> kinds();

  /** Asks the service; a 404 is {@link Verdict#unknown()}. */
  Verdict lookup(ResolvedConnection c, String kind, String indicator);

  static String base(ResolvedConnection c, String fallback) {
    return String.valueOf(c.config().getOrDefault("apiBaseUrl", fallback)).replaceAll("/+$", "");
  }

  static String key(ResolvedConnection c) {
    String key = c.secret("apiKey");
    if (key == null || key.isBlank()) {
      throw new dev.vigil.activities.system.ActionException(
          IntelHttp.REFUSED, "connection '" + c.name() + "' has no apiKey");
    }
    return key;
  }
}
