package dev.vigil.activities.notify;

import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The HTTP both the webhook and PagerDuty channels send with, and how answers are judged. */
final class HttpChannels {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private HttpChannels() {}

  static int timeoutSeconds(Map<String, Object> config) {
    return ((Number) config.getOrDefault("timeoutSeconds", 30)).intValue();
  }

  /**
   * Sends {@code request}; a 2xx answer is returned, 408, 429 and 5xx are {@link
   * Channel#UNAVAILABLE} (retried), any other status {@link Channel#REFUSED}.
   */
  static HttpResponse<String> send(HttpRequest request, String what) {
    HttpResponse<String> r;
    try {
      r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ActionException(Channel.UNAVAILABLE, what + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(Channel.UNAVAILABLE, what + " was interrupted");
    }
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      return r;
    }
    String body = r.body() == null ? "" : r.body().strip();
    String detail =
        what
            + " answered HTTP "
            + s
            + (body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length())));
    throw new ActionException(
        s == 408 || s == 429 || s >= 500 ? Channel.UNAVAILABLE : Channel.REFUSED, detail);
  }
}
