package dev.vigil.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A small HTTP client for the API in tests. */
final class Api {

  /** A response: status, body as JSON (null when not JSON) and the raw text. */
  record Res(int status, JsonNode json, String text, String contentType) {
    JsonNode at(String pointer) {
      return json.at(pointer);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  Api(int port) {
    this.base = "http://localhost:" + port;
  }

  Res get(String path, String user) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Vigil-User", user).GET());
  }

  Res post(String path, String user, String roles, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("X-Vigil-User", user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (roles != null) {
      b.header("X-Vigil-Roles", roles);
    }
    return send(b);
  }

  Res send(String method, String path, List<String[]> headers, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(h -> b.header(h[0], h[1]));
    return send(b);
  }

  Res send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isBlank() ? null : Json.parse(r.body());
      } catch (IOException notJson) {
        // the test reads text
      }
      return new Res(
          r.statusCode(), json, r.body(), r.headers().firstValue("content-type").orElse(""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The raw response, for header checks. */
  HttpResponse<String> sendRaw(String method, String path, List<String[]> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(h -> b.header(h[0], h[1]));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls GET path until the pointer has the value (or fails after the timeout). */
  Res await(String path, String user, String pointer, String value) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Res last = null;
    while (System.nanoTime() < end) {
      last = get(path, user);
      if (last.json() != null && value.equals(last.at(pointer).asText())) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        path
            + pointer
            + " never became "
            + value
            + "; last: "
            + (last == null ? null : last.text()));
  }
}
