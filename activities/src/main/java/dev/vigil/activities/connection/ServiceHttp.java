package dev.vigil.activities.connection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.system.ActionException;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP to a connector's service, and one reading of its answers: 2xx is the answer (an
 * empty body is none); 401, 403 and other 4xx are {@code <Service>Refused} with the service's own
 * message (retrying will not change them); 408, 429 and 5xx are {@code <Service>Unavailable}, with
 * {@code Retry-After} (seconds or a date) or Okta's {@code X-Rate-Limit-Reset} as the wait before
 * the next attempt. Messages never carry the request's credentials.
 */
public final class ServiceHttp {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** A failure type pair for one service, e.g. {@code OktaRefused} / {@code OktaUnavailable}. */
  public record Types(String refused, String unavailable) {
    public static Types of(String service) {
      return new Types(service + "Refused", service + "Unavailable");
    }
  }

  private ServiceHttp() {}

  /**
   * Sends {@code method url} with {@code headers} and a JSON {@code body} (null: none); answers the
   * parsed JSON, or empty for an empty 2xx. With {@code notFoundIsEmpty} a 404 is an empty answer
   * too (a lookup that found nothing), else it is refused.
   */
  public static Optional<JsonNode> send(
      String method,
      URI url,
      Map<String, String> headers,
      Object body,
      int timeoutSeconds,
      String service,
      Types types,
      boolean notFoundIsEmpty) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .header("Accept", "application/json");
    headers.forEach(b::header);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else if (body instanceof String form) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
      b.method(method, HttpRequest.BodyPublishers.ofString(form));
    } else {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }
    HttpResponse<String> r;
    try {
      r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ActionException(
          types.unavailable(), service + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(types.unavailable(), service + " call interrupted");
    }
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      if (r.body() == null || r.body().isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Json.parse(r.body()));
      } catch (IOException e) {
        throw new ActionException(
            types.unavailable(), service + " answered something that is not JSON");
      }
    }
    if (s == 404 && notFoundIsEmpty) {
      return Optional.empty();
    }
    String detail = service + " answered HTTP " + s + message(r.body());
    if (s == 408 || s == 429 || s >= 500) {
      ActionException e = new ActionException(types.unavailable(), detail);
      Duration wait = wait(r);
      throw wait == null ? e : e.retryAfter(wait);
    }
    throw new ActionException(types.refused(), detail);
  }

  /** How long the service asked to wait: {@code Retry-After} or {@code X-Rate-Limit-Reset}. */
  static Duration wait(HttpResponse<?> r) {
    Optional<String> after = r.headers().firstValue("Retry-After");
    if (after.isPresent()) {
      try {
        return Duration.ofSeconds(Math.max(1, Long.parseLong(after.get().trim())));
      } catch (NumberFormatException httpDate) {
        try {
          Instant at =
              java.time.ZonedDateTime.parse(
                      after.get().trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                  .toInstant();
          return Duration.ofSeconds(Math.max(1, Duration.between(Instant.now(), at).toSeconds()));
        } catch (java.time.format.DateTimeParseException unreadable) {
          return Duration.ofMinutes(1);
        }
      }
    }
    Optional<String> reset = r.headers().firstValue("X-Rate-Limit-Reset");
    if (reset.isPresent()) {
      try {
        long epoch = Long.parseLong(reset.get().trim());
        return Duration.ofSeconds(Math.max(1, epoch - Instant.now().getEpochSecond()));
      } catch (NumberFormatException e) {
        return Duration.ofMinutes(1);
      }
    }
    return r.statusCode() == 429 ? Duration.ofMinutes(1) : null;
  }

  /** The service's own error message, briefly (the shapes of Okta, Graph, ServiceNow, Jira, …). */
  static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode j = Json.parse(body);
      for (String p :
          new String[] {
            "/errorSummary",
            "/error/message",
            "/error/detail",
            "/errorMessages/0",
            "/errors/0/detail",
            "/error_description",
            "/message",
            "/detail",
            "/error"
          }) {
        JsonNode m = j.at(p);
        if (m.isTextual() && !m.asText().isBlank()) {
          return ": " + m.asText();
        }
      }
      JsonNode errors = j.path("errors");
      if (errors.isObject() && errors.size() > 0) {
        return ": " + errors.toString();
      }
    } catch (IOException notJson) {
      // the start of the text below
    }
    String t = body.strip();
    return ": " + t.substring(0, Math.min(200, t.length()));
  }
}
