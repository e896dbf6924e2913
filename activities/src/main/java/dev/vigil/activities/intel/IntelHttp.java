package dev.vigil.activities.intel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP of the intelligence providers and how their answers are judged: 200 is read; 404 is "no
 * such indicator known" (an answer, not a failure); 401 and 403 are {@link #REFUSED} (the key); 429
 * and 5xx are {@link #UNAVAILABLE}, with the service's {@code Retry-After} as the wait before the
 * next attempt.
 */
final class IntelHttp {

  static final String REFUSED = "IntelRefused";
  static final String UNAVAILABLE = "IntelUnavailable";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private IntelHttp() {}

  /** The JSON answer, or empty for a 404. */
  static Optional<JsonNode> get(
      ResolvedConnection c, String provider, URI url, Map<String, String> headers) {
    int timeout = ((Number) c.config().getOrDefault("timeoutSeconds", 30)).intValue();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(timeout))
            .header("Accept", "application/json");
    headers.forEach(b::header);
    HttpResponse<String> r;
    try {
      r = CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ActionException(UNAVAILABLE, provider + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(UNAVAILABLE, provider + " lookup interrupted");
    }
    int s = r.statusCode();
    if (s == 200) {
      try {
        return Optional.of(Json.parse(r.body()));
      } catch (IOException e) {
        throw new ActionException(UNAVAILABLE, provider + " answered something that is not JSON");
      }
    }
    if (s == 404) {
      return Optional.empty();
    }
    String detail = provider + " answered HTTP " + s + message(r.body());
    if (s == 429 || s >= 500) {
      Duration wait =
          r.headers()
              .firstValue("Retry-After")
              .map(IntelHttp::seconds)
              .orElse(s == 429 ? Duration.ofMinutes(1) : null);
      ActionException e = new ActionException(UNAVAILABLE, detail);
      throw wait == null ? e : e.retryAfter(wait);
    }
    throw new ActionException(REFUSED, detail);
  }

  private static Duration seconds(String retryAfter) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
    } catch (NumberFormatException httpDate) {
      return Duration.ofMinutes(1);
    }
  }

  /** The error message the provider put in its body, briefly. */
  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode j = Json.parse(body);
      for (String p :
          new String[] {"/error/message", "/error", "/errors/0/detail", "/detail", "/message"}) {
        JsonNode m = j.at(p);
        if (m.isTextual()) {
          return ": " + m.asText();
        }
      }
    } catch (IOException notJson) {
      // fall through
    }
    return ": " + body.strip().substring(0, Math.min(200, body.strip().length()));
  }
}
