package dev.vigil.activities.intel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The intelligence providers' HTTP ({@link ServiceHttp}): a 404 is "no such indicator known" (an
 * answer, not a failure); 401 and 403 are {@link #REFUSED} (the key); 429 and 5xx are {@link
 * #UNAVAILABLE}, with the service's {@code Retry-After} as the wait before the next attempt.
 */
final class IntelHttp {

  static final String REFUSED = "IntelRefused";
  static final String UNAVAILABLE = "IntelUnavailable";

  private static final ServiceHttp.Types TYPES = new ServiceHttp.Types(REFUSED, UNAVAILABLE);

  private IntelHttp() {}

  /** The JSON answer, or empty for a 404. */
  static Optional<JsonNode> get(
      ResolvedConnection c, String provider, URI url, Map<String, String> headers) {
    int timeout = ((Number) c.config().getOrDefault("timeoutSeconds", 30)).intValue();
    return ServiceHttp.send("GET", url, headers, null, timeout, provider, TYPES, true);
  }
}
