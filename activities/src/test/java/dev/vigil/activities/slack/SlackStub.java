package dev.vigil.activities.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack's Web API as its reference documents it, for the tests: {@code POST /api/<method>} with
 * {@code Authorization: Bearer <token>} and a form or JSON body, answering {@code 200 {"ok": true,
 * …}} or {@code {"ok": false, "error": "…"}} (the responses below are the examples of
 * api.slack.com/methods/auth.test, chat.postMessage, chat.update, chat.postEphemeral, users.info);
 * {@code 429} with {@code Retry-After} while {@link #rateLimited} is set. The interactions' {@code
 * response_url} is {@code /actions/<id>} here: what it receives is kept in {@link #responses}.
 */
public final class SlackStub implements AutoCloseable {

  public static final String TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
  public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A call as Slack received it: the method and its parameters. */
  public record Call(String method, Map<String, String> params) {}

  public final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  public final List<JsonNode> responses = Collections.synchronizedList(new ArrayList<>());

  /** Slack user id → e-mail address in the user's profile. */
  public final Map<String, String> emails = new ConcurrentHashMap<>();

  /** While above zero, each method call answers 429 (and counts down). */
  public final AtomicInteger rateLimited = new AtomicInteger();

  /** While set, every call answers HTTP 503. */
  public volatile boolean down;

  private final AtomicInteger ts = new AtomicInteger(247);
  private final HttpServer server;

  public SlackStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The Web API base URL (the connection's {@code apiBaseUrl}). */
  public URI api() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
  }

  /** A {@code response_url} of this server. */
  public String responseUrl(String id) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/actions/" + id;
  }

  /** The calls of one method. */
  public List<Call> calls(String method) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.method().equals(method)).toList();
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      byte[] raw = x.getRequestBody().readAllBytes();
      if (path.startsWith("/actions/")) {
        responses.add(JSON.readTree(raw));
        send(x, 200, JSON.createObjectNode().put("ok", true));
        return;
      }
      if (!path.startsWith("/api/")) {
        send(x, 404, JSON.createObjectNode().put("ok", false).put("error", "unknown_method"));
        return;
      }
      String method = path.substring("/api/".length());
      Map<String, String> params = params(x, raw);
      calls.add(new Call(method, params));
      if (down) {
        send(x, 503, JSON.createObjectNode().put("ok", false).put("error", "service_unavailable"));
        return;
      }
      if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        x.getResponseHeaders().add("Retry-After", "1");
        send(x, 429, JSON.createObjectNode().put("ok", false).put("error", "ratelimited"));
        return;
      }
      String auth = x.getRequestHeaders().getFirst("Authorization");
      String token =
          auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
      if (token == null) {
        send(x, 200, error("not_authed"));
        return;
      }
      if (!TOKEN.equals(token)) {
        send(x, 200, error("invalid_auth"));
        return;
      }
      send(x, 200, answer(method, params));
    }
  }

  private JsonNode answer(String method, Map<String, String> p) {
    ObjectNode ok = JSON.createObjectNode().put("ok", true);
    switch (method) {
      case "auth.test" -> {
        return ok.put("url", "https://subarachnoidspace.slack.com/")
            .put("team", "Subarachnoid Workspace")
            .put("user", "grace")
            .put("team_id", "T12345678")
            .put("user_id", "W12345678");
      }
      case "chat.postMessage" -> {
        String channel = channelId(p.get("channel"));
        if (channel == null) {
          return error("channel_not_found");
        }
        if (p.get("text") == null && p.get("blocks") == null) {
          return error("no_text");
        }
        ok.put("channel", channel)
            .put("ts", "1503435956." + String.format("%06d", ts.incrementAndGet()));
        ok.putObject("message").put("text", p.get("text")).put("type", "message");
        return ok;
      }
      case "chat.update" -> {
        if (p.get("ts") == null) {
          return error("message_not_found");
        }
        return ok.put("channel", p.get("channel"))
            .put("ts", p.get("ts"))
            .put("text", p.get("text"));
      }
      case "chat.postEphemeral" -> {
        return ok.put("message_ts", "1502210682.580145");
      }
      case "users.info" -> {
        String user = p.get("user");
        if (user == null || !emails.containsKey(user)) {
          return error("user_not_found");
        }
        ObjectNode u = ok.putObject("user").put("id", user).put("name", "spengler");
        u.putObject("profile").put("email", emails.get(user)).put("real_name", "Egon Spengler");
        return ok;
      }
      default -> {
        return error("unknown_method");
      }
    }
  }

  /** Channel names this workspace has: #soc and #incidents, or any id. */
  private static String channelId(String channel) {
    if (channel == null) {
      return null;
    }
    return switch (channel) {
      case "#soc", "soc" -> "C0SOC00001";
      case "#incidents", "incidents" -> "C0INC00002";
      default -> channel.matches("^[CGD][A-Z0-9]{8,}$") ? channel : null;
    };
  }

  private static ObjectNode error(String error) {
    return JSON.createObjectNode().put("ok", false).put("error", error);
  }

  private static Map<String, String> params(HttpExchange x, byte[] raw) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String type = x.getRequestHeaders().getFirst("Content-Type");
    String body = new String(raw, StandardCharsets.UTF_8);
    if (type != null && type.startsWith("application/json")) {
      JSON.readTree(body)
          .fields()
          .forEachRemaining(
              e ->
                  out.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String query = x.getRequestURI().getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.putIfAbsent(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
