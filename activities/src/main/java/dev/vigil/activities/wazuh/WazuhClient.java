package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.activities.connection.RetryingHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Wazuh manager API (4.x). It logs in with {@code POST /security/user/authenticate}
 * (basic) and keeps the JWT until shortly before it expires; a 401 on a call re-authenticates once.
 * 429 and 5xx answers, timeouts and refused connections are retried with exponential backoff
 * (honouring {@code Retry-After}); everything else fails at once with Wazuh's own reason. Answers
 * are read as the {@link WazuhResponse} envelope, partial failures included. Thread-safe; one per
 * connection version.
 */
public final class WazuhClient {

  private static final Logger log = LoggerFactory.getLogger(WazuhClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A token is renewed this long before its {@code exp}. */
  static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

  /** Wazuh's default token lifetime, for a token without {@code exp}. */
  static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(900);

  /** The largest page Wazuh recommends ({@code limit}). */
  public static final int PAGE = 500;

  /** How far {@link #getAll} reads before it refuses to go on. */
  public static final int MAX_ITEMS = 100_000;

  static final RetryingHttp.FailureTypes FAILURES =
      new RetryingHttp.FailureTypes(WazuhException.UNAVAILABLE, WazuhException.TLS);

  private final WazuhSettings settings;
  private final RetryingHttp http;
  private final Clock clock;

  private String token;
  private Instant tokenRenewAt = Instant.MIN;

  public WazuhClient(WazuhSettings settings) {
    this(settings, Clock.systemUTC(), RetryingHttp.Sleeper.REAL, 4, Duration.ofMillis(500));
  }

  public WazuhClient(
      WazuhSettings settings,
      Clock clock,
      RetryingHttp.Sleeper sleeper,
      int maxAttempts,
      Duration firstBackoff) {
    this.settings = settings;
    this.clock = clock;
    this.http =
        new RetryingHttp(
            settings.managerUrl(),
            settings.verifyTls(),
            settings.caCert(),
            settings.timeout(),
            sleeper,
            maxAttempts,
            firstBackoff,
            FAILURES);
  }

  public WazuhSettings settings() {
    return settings;
  }

  /** {@code GET path?query}. */
  public WazuhResponse get(String path, Map<String, ?> query) {
    return call("GET", path, query, null);
  }

  /** {@code PUT path?query} with a JSON body (or none). */
  public WazuhResponse put(String path, Map<String, ?> query, Object body) {
    return call("PUT", path, query, body);
  }

  /** Every item of a listing: pages of {@link #PAGE} by {@code offset}/{@code limit} to the end. */
  public Listing getAll(String path, Map<String, ?> query, int max) {
    int cap = Math.min(max <= 0 ? MAX_ITEMS : max, MAX_ITEMS);
    List<JsonNode> items = new ArrayList<>();
    List<WazuhResponse.Failure> failed = new ArrayList<>();
    long total;
    int pages = 0;
    while (true) {
      Map<String, Object> q = new LinkedHashMap<>(query);
      int limit = Math.min(PAGE, cap - items.size());
      q.put("offset", Integer.toString(items.size()));
      q.put("limit", Integer.toString(limit));
      WazuhResponse page = get(path, q);
      pages++;
      items.addAll(page.affected());
      failed.addAll(page.failed());
      total = page.totalAffected();
      // a short page is the end, whatever total says (it may change while we read)
      if (page.affected().size() < limit || items.size() >= total) {
        return new Listing(List.copyOf(items), total, List.copyOf(failed), pages, false);
      }
      if (items.size() >= cap) {
        return new Listing(List.copyOf(items), total, List.copyOf(failed), pages, true);
      }
    }
  }

  /**
   * A whole listing.
   *
   * @param items the items read
   * @param total {@code total_affected_items} as Wazuh last reported it
   * @param failed the failures of every page
   * @param pages how many requests it took
   * @param truncated whether there are more items than were read (the cap was reached)
   */
  public record Listing(
      List<JsonNode> items,
      long total,
      List<WazuhResponse.Failure> failed,
      int pages,
      boolean truncated) {}

  private WazuhResponse call(String method, String path, Map<String, ?> query, Object body) {
    boolean reauthenticated = false;
    while (true) {
      String bearer = token();
      HttpResponse<String> r =
          http.send(
              () -> {
                HttpRequest.Builder b =
                    HttpRequest.newBuilder(uri(path, query))
                        .timeout(settings.timeout())
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + bearer);
                if (body == null) {
                  b.method(method, HttpRequest.BodyPublishers.noBody());
                } else {
                  b.header("Content-Type", "application/json")
                      .method(method, HttpRequest.BodyPublishers.ofString(json(body)));
                }
                return b.build();
              },
              method + " " + path,
              WazuhClient::reason);
      if (r.statusCode() == 401 && !reauthenticated) {
        // the token was revoked or expired early (e.g. PUT /security/config): log in once more
        invalidate(bearer);
        reauthenticated = true;
        continue;
      }
      return answer(r, method + " " + path);
    }
  }

  /** The current token, logging in when there is none or it is about to expire. */
  private synchronized String token() {
    if (token != null && clock.instant().isBefore(tokenRenewAt)) {
      return token;
    }
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            () ->
                HttpRequest.newBuilder(uri("/security/user/authenticate", Map.of()))
                    .timeout(settings.timeout())
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
            "POST /security/user/authenticate",
            WazuhClient::reason);
    if (r.statusCode() == 401) {
      throw new WazuhException(
          WazuhException.AUTH_FAILED,
          401,
          "Wazuh refused the credentials of user '" + settings.username() + "' (401)");
    }
    JsonNode root = answer(r, "POST /security/user/authenticate").data();
    String t = root.path("token").asText(null);
    if (t == null || t.isEmpty()) {
      throw new WazuhException(
          WazuhException.REFUSED, r.statusCode(), "Wazuh answered the login without a token");
    }
    token = t;
    tokenRenewAt = expiry(t).minus(RENEW_BEFORE);
    return t;
  }

  private synchronized void invalidate(String used) {
    if (used.equals(token)) {
      token = null;
    }
  }

  /** The {@code exp} of a JWT (its signature is the manager's business), or the default life. */
  private Instant expiry(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length >= 2) {
      try {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        if (claims.path("exp").canConvertToLong()) {
          return Instant.ofEpochSecond(claims.path("exp").asLong());
        }
      } catch (IOException | IllegalArgumentException e) {
        log.debug("Wazuh token claims unreadable; assuming the default lifetime");
      }
    }
    return clock.instant().plus(DEFAULT_TOKEN_LIFETIME);
  }

  /** A 2xx answer as the envelope; anything else as the failure Wazuh described. */
  private WazuhResponse answer(HttpResponse<String> r, String what) {
    int s = r.statusCode();
    if (s >= 200 && s < 300) {
      try {
        return WazuhResponse.parse(JSON.readTree(r.body()));
      } catch (IOException e) {
        throw new WazuhException(
            WazuhException.REFUSED, s, what + " answered " + s + " with a body that is not JSON");
      }
    }
    String type =
        switch (s) {
          case 401 -> WazuhException.AUTH_FAILED;
          case 403 -> WazuhException.FORBIDDEN;
          default -> WazuhException.REFUSED;
        };
    throw new WazuhException(type, s, what + " answered " + s + reason(r.body()));
  }

  /** Wazuh's problem details ({@code title}, {@code detail}, {@code remediation}) as text. */
  static String reason(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode p = JSON.readTree(body);
      StringJoiner j = new StringJoiner("; ", ": ", "");
      j.setEmptyValue("");
      for (String f : List.of("title", "detail", "message", "remediation")) {
        if (p.path(f).isTextual() && !p.path(f).asText().isBlank()) {
          j.add(p.path(f).asText());
        }
      }
      return j.toString();
    } catch (IOException e) {
      return ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
  }

  private URI uri(String path, Map<String, ?> query) {
    StringBuilder b = new StringBuilder(settings.managerUrl().toString()).append(path);
    char sep = '?';
    for (var e : query.entrySet()) {
      // a list is the parameter repeated (OpenAPI's form style, which Wazuh reads)
      List<?> values =
          e.getValue() instanceof java.util.Collection<?> c
              ? List.copyOf(c)
              : java.util.Collections.singletonList(e.getValue());
      for (Object v : values) {
        if (v == null) {
          continue;
        }
        b.append(sep)
            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8).replace("%2C", ","));
        sep = '&';
      }
    }
    return URI.create(b.toString());
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Path segment for an id Wazuh puts in a path (agent ids, policy ids). */
  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
