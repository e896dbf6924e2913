package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Okta's Users API and OPNsense's alias API as their references document them, for the tests: Okta
 * under {@code /okta} ({@code Authorization: SSWS <token>}; users by id or login; lifecycle suspend
 * and unsuspend refused with {@code E0000001} from the wrong status; {@code DELETE …/sessions} 204;
 * {@code 429} with {@code X-Rate-Limit-Reset} while {@link #oktaLimited} is above zero; {@code
 * E0000007} for unknown users) and OPNsense under {@code /fw} (HTTP Basic with key and secret;
 * {@code POST /api/firewall/alias_util/add|delete/<alias>} with {@code {"address": …}} answering
 * {@code {"status": "done"}}, anything else {@code {"status": "failed"}}). What was blocked is kept
 * in {@link #blocked}.
 */
public final class ResponseStub implements AutoCloseable {

  public static final String OKTA_TOKEN = "00okta-token";
  public static final String FW_KEY = "fw-key";
  public static final String FW_SECRET = "fw-secret";
  public static final String ALIAS = "vigil_blocklist";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code METHOD raw-path} of every request, in order. */
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /** The JSON bodies received, in order. */
  public final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());

  /** While above zero, each Okta call answers 429 (and counts down). */
  public final AtomicInteger oktaLimited = new AtomicInteger();

  /** Addresses in the firewall's block alias. */
  public final Set<String> blocked = ConcurrentHashMap.newKeySet();

  private final Map<String, String> oktaIds = new ConcurrentHashMap<>();
  private final Map<String, String> oktaLogins = new ConcurrentHashMap<>();
  private final Map<String, String> oktaStatus = new ConcurrentHashMap<>();
  private final HttpServer server;

  public ResponseStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    oktaUser("00u1ana", "ana@acme.example");
  }

  /** Adds an active Okta user. */
  public ResponseStub oktaUser(String id, String login) {
    oktaIds.put(login.toLowerCase(), id);
    oktaLogins.put(id, login);
    oktaStatus.put(id, "ACTIVE");
    return this;
  }

  /** The status Okta holds for a user id: ACTIVE, SUSPENDED… */
  public String oktaStatus(String id) {
    return oktaStatus.get(id);
  }

  /** An Okta connection's {@code orgUrl}. */
  public String okta() {
    return base() + "/okta";
  }

  /** An OPNsense connection's {@code url}. */
  public String firewall() {
    return base() + "/fw";
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      String m = x.getRequestMethod();
      String path = x.getRequestURI().getRawPath();
      requests.add(m + " " + path);
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode json = null;
      if (!body.isEmpty()
          && "application/json".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
        json = JSON.readTree(body);
        bodies.add(json);
      }
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (path.startsWith("/okta/")) {
        okta(x, m, path.substring("/okta".length()), auth);
      } else if (path.startsWith("/fw/")) {
        firewall(x, path.substring("/fw".length()), auth, json);
      } else {
        send(x, 404, "{}");
      }
    }
  }

  private void okta(HttpExchange x, String m, String path, String auth) throws IOException {
    if (!("SSWS " + OKTA_TOKEN).equals(auth)) {
      send(
          x,
          401,
          "{\"errorCode\": \"E0000011\", \"errorSummary\": \"Invalid token provided\", \"errorCauses\": []}");
      return;
    }
    if (oktaLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      x.getResponseHeaders()
          .add("X-Rate-Limit-Reset", Long.toString(Instant.now().getEpochSecond() + 30));
      send(
          x,
          429,
          "{\"errorCode\": \"E0000047\", \"errorSummary\": \"API call exceeded rate limit due to too many requests.\"}");
      return;
    }
    String[] parts = path.split("/");
    // /api/v1/users/{id-or-login}[/lifecycle/{op} | /sessions]
    String key =
        parts.length > 4
            ? java.net.URLDecoder.decode(parts[4], StandardCharsets.UTF_8).toLowerCase()
            : "";
    String id = oktaLogins.containsKey(key) ? key : oktaIds.get(key);
    if (parts.length < 5 || !path.startsWith("/api/v1/users/") || id == null) {
      send(
          x,
          404,
          "{\"errorCode\": \"E0000007\", \"errorSummary\": \"Not found: Resource not found: "
              + key
              + " (User)\"}");
      return;
    }
    String status = oktaStatus.get(id);
    if (parts.length == 5 && m.equals("GET")) {
      send(
          x,
          200,
          "{\"id\": \""
              + id
              + "\", \"status\": \""
              + status
              + "\", \"profile\": {\"login\": \""
              + oktaLogins.get(id)
              + "\"}}");
    } else if (parts.length == 7 && parts[5].equals("lifecycle") && m.equals("POST")) {
      String from = parts[6].equals("suspend") ? "ACTIVE" : "SUSPENDED";
      if (!status.equals(from)) {
        send(
            x,
            400,
            "{\"errorCode\": \"E0000001\", \"errorSummary\": \"Api validation failed: status\"}");
      } else {
        oktaStatus.put(id, parts[6].equals("suspend") ? "SUSPENDED" : "ACTIVE");
        send(x, 200, "{}");
      }
    } else if (parts.length == 6 && parts[5].equals("sessions") && m.equals("DELETE")) {
      send(x, 204, "");
    } else {
      send(
          x,
          405,
          "{\"errorCode\": \"E0000022\", \"errorSummary\": \"The endpoint does not support the provided HTTP method\"}");
    }
  }

  private void firewall(HttpExchange x, String path, String auth, JsonNode json)
      throws IOException {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((FW_KEY + ":" + FW_SECRET).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(auth)) {
      send(x, 401, "{\"status\": 401, \"message\": \"Authentication Failed\"}");
      return;
    }
    String address = json == null ? "" : json.path("address").asText();
    if (path.equals("/api/firewall/alias_util/add/" + ALIAS) && !address.isEmpty()) {
      blocked.add(address);
      send(x, 200, "{\"status\": \"done\"}");
    } else if (path.equals("/api/firewall/alias_util/delete/" + ALIAS) && !address.isEmpty()) {
      blocked.remove(address);
      send(x, 200, "{\"status\": \"done\"}");
    } else {
      send(x, 200, "{\"status\": \"failed\"}");
    }
  }

  static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      x.getResponseBody().write(b);
    }
  }
}
