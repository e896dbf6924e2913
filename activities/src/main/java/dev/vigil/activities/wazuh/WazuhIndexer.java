package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.RetryingHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads Wazuh alerts from the Wazuh indexer (OpenSearch): Wazuh 4.x has no alerts endpoint in the
 * manager API. One search shape only — {@code wazuh-alerts-4.x-*} in {@code (timestamp, _id)}
 * order, paged with {@code search_after}, bounded above by a time — so no caller-supplied query
 * reaches the indexer.
 */
public final class WazuhIndexer {

  /** Wazuh's alerts index pattern. */
  public static final String INDEX = "wazuh-alerts-4.x-*";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final RetryingHttp http;

  /** One alert: its sort values (the cursor after it) and its document. */
  public record Hit(long timestampMs, String id, JsonNode source) {}

  public WazuhIndexer(ResolvedConnection c, RetryingHttp.Sleeper sleeper) {
    Object url = c.config().get("indexerUrl");
    if (!(url instanceof String u) || u.isBlank()) {
      throw new WazuhException(
          WazuhException.REFUSED,
          0,
          "connection '"
              + c.name()
              + "' has no indexerUrl: alerts are read from the Wazuh indexer");
    }
    WazuhSettings s = WazuhSettings.of(c);
    this.base = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    this.timeout = s.timeout();
    String user = c.secret("indexerUsername");
    String password = c.secret("indexerPassword");
    this.authorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (user + ":" + (password == null ? "" : password))
                            .getBytes(StandardCharsets.UTF_8));
    this.http =
        new RetryingHttp(
            base,
            s.verifyTls(),
            s.caCert(),
            s.timeout(),
            sleeper,
            4,
            Duration.ofMillis(500),
            WazuhClient.FAILURES);
  }

  /**
   * The next {@code size} alerts after the cursor ({@code afterMs}, {@code afterId}) — or, without
   * one, from {@code fromMs} — whose timestamp is before {@code untilMs}.
   */
  public List<Hit> after(Long afterMs, String afterId, long fromMs, long untilMs, int size) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", size);
    body.put("track_total_hits", false);
    ObjectNode range =
        body.putObject("query")
            .putObject("bool")
            .putArray("filter")
            .addObject()
            .putObject("range")
            .putObject("timestamp");
    if (afterMs == null) {
      range.put("gte", fromMs);
    }
    range.put("lt", untilMs);
    range.put("format", "epoch_millis");
    ArrayNode sort = body.putArray("sort");
    sort.addObject().putObject("timestamp").put("order", "asc");
    sort.addObject().putObject("_id").put("order", "asc");
    if (afterMs != null) {
      body.putArray("search_after").add(afterMs).add(afterId);
    }
    String what = "POST /" + INDEX + "/_search";
    HttpResponse<String> r =
        http.send(
            () -> {
              HttpRequest.Builder b =
                  HttpRequest.newBuilder(base.resolve("/" + INDEX + "/_search"))
                      .timeout(timeout)
                      .header("Content-Type", "application/json")
                      .header("Accept", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
              if (authorization != null) {
                b.header("Authorization", authorization);
              }
              return b.build();
            },
            what,
            WazuhIndexer::reason);
    int s = r.statusCode();
    if (s == 401 || s == 403) {
      throw new WazuhException(
          s == 401 ? WazuhException.AUTH_FAILED : WazuhException.FORBIDDEN,
          s,
          "the Wazuh indexer refused " + what + " (" + s + ")" + reason(r.body()));
    }
    if (s < 200 || s >= 300) {
      throw new WazuhException(
          WazuhException.REFUSED, s, what + " answered " + s + reason(r.body()));
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new WazuhException(
          WazuhException.REFUSED, s, what + " answered a body that is not JSON");
    }
    List<Hit> hits = new ArrayList<>();
    for (JsonNode h : root.path("hits").path("hits")) {
      JsonNode sv = h.path("sort");
      hits.add(
          new Hit(
              sv.path(0).asLong(), sv.path(1).asText(h.path("_id").asText()), h.path("_source")));
    }
    return hits;
  }

  /** OpenSearch's error: {@code error.type} and {@code error.reason}. */
  static String reason(String body) {
    try {
      JsonNode e = JSON.readTree(body == null ? "" : body).path("error");
      if (e.isObject()) {
        return ": " + e.path("type").asText() + " — " + e.path("reason").asText();
      }
    } catch (IOException ignored) {
      // not JSON: said below
    }
    return body == null || body.isBlank()
        ? ""
        : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
  }
}
