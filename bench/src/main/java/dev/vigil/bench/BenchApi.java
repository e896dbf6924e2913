package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The benchmarks' HTTP client of a running Vigil: owner key, analysts created on first use. */
final class BenchApi {

  private final int port;
  private final String ownerKey;
  private final String password;
  private final Map<String, String> keys = new java.util.concurrent.ConcurrentHashMap<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  BenchApi(int port, String ownerKey, String password) {
    this.port = port;
    this.ownerKey = ownerKey;
    this.password = password;
  }

  /** One request's answer and how long it took. */
  record Timed(int status, long micros, String body) {}

  /** A request as {@code user} (null: the owner), timed; never throws on an HTTP status. */
  Timed timed(String method, String path, String user, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + (user == null ? ownerKey : key(user)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Timed(r.statusCode(), (System.nanoTime() - t0) / 1000, r.body());
    } catch (IOException e) {
      return new Timed(-1, (System.nanoTime() - t0) / 1000, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode post(String path, String user, String body) {
    return send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + key(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  JsonNode get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + ownerKey)
            .GET()
            .build());
  }

  /** An analyst's API key: the owner adds the member, who signs in and creates the key. */
  String key(String user) {
    if (user.equals("admin")) {
      return ownerKey;
    }
    return keys.computeIfAbsent(
        user,
        u -> {
          String base = "http://localhost:" + port;
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/users"))
                  .header("Authorization", "Bearer " + ownerKey)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\": \""
                              + u
                              + "\", \"role\": \"analyst\", \"password\": \""
                              + password
                              + "\"}"))
                  .build());
          try {
            HttpResponse<String> login =
                http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"username\": \""
                                    + u
                                    + "\", \"password\": \""
                                    + password
                                    + "\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            String csrf = Json.parse(login.body()).path("csrfToken").asText();
            return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/api-keys"))
                    .header("Cookie", cookie)
                    .header("X-CSRF-Token", csrf)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench\"}"))
                    .build())
                .path("key")
                .asText();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  JsonNode send(HttpRequest req) {
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 400) {
        throw new IllegalStateException(
            req.uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return Json.parse(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
