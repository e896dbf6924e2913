package dev.vigil.activities.wazuh;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Wazuh manager for contract tests. It answers from Wazuh's own API mocks ({@code
 * shared/datasets/wazuh/api-mocks}) and checks every request it receives against the Wazuh 4.14
 * OpenAPI specification ({@code shared/datasets/wazuh/api/spec.yaml}) with an OpenAPI request
 * validator: a request the spec does not allow is answered 400 and kept in {@link #violations}.
 *
 * <p>Its agents are the mock agents, repeated under fresh ids to {@code agentCount}, so listings
 * page. Tokens are JWTs whose {@code exp} the test sets; faults ({@link #failNext}) are answered
 * before anything else.
 */
public final class WazuhManagerStub implements AutoCloseable {

  public static final String USER = "wazuh-wui";
  public static final String PASSWORD = "S3cr3t.Pa55-w0rd";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DATASETS = datasets();
  private static io.swagger.v3.oas.models.OpenAPI api;
  private static final OpenApiInteractionValidator SPEC = spec();

  private final HttpServer server;
  private final List<ObjectNode> agents = new ArrayList<>();
  public final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  public final AtomicInteger logins = new AtomicInteger();
  private final Deque<int[]> faults = new ConcurrentLinkedDeque<>();
  private final Map<String, Instant> tokens = new java.util.concurrent.ConcurrentHashMap<>();
  volatile long tokenLifetimeSeconds = 900;

  /** The stub's clock: tokens are valid from it; tests move it. */
  public volatile Instant now = Instant.now();

  public WazuhManagerStub(int agentCount) throws IOException {
    this(agentCount, null);
  }

  /** A manager answering over HTTPS with {@code tls}'s certificate (plain HTTP when null). */
  public WazuhManagerStub(int agentCount, javax.net.ssl.SSLContext tls) throws IOException {
    List<JsonNode> mocks = new ArrayList<>();
    mock("agents/agent/agents.json").path("data").path("affected_items").forEach(mocks::add);
    mock("agents/agent/agent-windows.json").path("data").path("affected_items").forEach(mocks::add);
    for (int i = 0; i < agentCount; i++) {
      ObjectNode a = mocks.get(i % mocks.size()).deepCopy();
      a.put("id", String.format("%03d", i));
      if (i >= mocks.size()) {
        a.put("name", a.path("name").asText() + "-" + i);
      }
      agents.add(a);
    }
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      var https =
          com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      server = https;
    }
    this.scheme = tls == null ? "http" : "https";
    server.createContext("/", this::handle);
    server.start();
  }

  private final String scheme;

  public URI url() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} requests (logins included) are answered {@code status}. */
  public void failNext(int status, int times, int retryAfterSeconds) {
    for (int i = 0; i < times; i++) {
      faults.add(new int[] {status, retryAfterSeconds});
    }
  }

  /** While true, every request is answered 503 (the manager is down). */
  public volatile boolean down;

  /** Every token issued so far stops being valid (as after PUT /security/config). */
  public void revokeTokens() {
    tokens.clear();
  }

  public static JsonNode mock(String relative) throws IOException {
    return JSON.readTree(Files.readString(DATASETS.resolve("wazuh/api-mocks").resolve(relative)));
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] body = x.getRequestBody().readAllBytes();
      String method = x.getRequestMethod();
      String path = x.getRequestURI().getRawPath();
      Map<String, List<String>> query = query(x.getRequestURI().getRawQuery());
      requests.add(
          method
              + " "
              + path
              + (x.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + x.getRequestURI().getRawQuery()));
      var report = SPEC.validateRequest(request(x, method, path, query, body));
      if (report.hasErrors()) {
        String v = method + " " + path + ": " + report.getMessages();
        violations.add(v);
        send(x, 400, problem("Bad Request", v));
        return;
      }
      if (down) {
        send(x, 503, mock("errors/internal_server_error.json"));
        return;
      }
      int[] fault = faults.poll();
      if (fault != null) {
        if (fault[1] > 0) {
          x.getResponseHeaders().add("Retry-After", Integer.toString(fault[1]));
        }
        send(
            x,
            fault[0],
            fault[0] >= 500
                ? mock("errors/internal_server_error.json")
                : problem("Too Many Requests", "rate limit"));
        return;
      }
      if (method.equals("POST") && path.equals("/security/user/authenticate")) {
        login(x);
        return;
      }
      String auth = x.getRequestHeaders().getFirst("Authorization");
      String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
      Instant exp = tokens.get(token);
      if (exp == null || !now.isBefore(exp)) {
        send(x, 401, problem("Unauthorized", "Invalid token"));
        return;
      }
      route(x, method, path, query, body);
    } catch (RuntimeException e) {
      send(x, 500, problem("stub failure", String.valueOf(e)));
    }
  }

  private void login(HttpExchange x) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
      send(x, 401, problem("Unauthorized", "Invalid credentials"));
      return;
    }
    int n = logins.incrementAndGet();
    Instant exp = now.plusSeconds(tokenLifetimeSeconds);
    String claims =
        "{\"iss\":\"wazuh\",\"aud\":\"Wazuh API REST\",\"nbf\":"
            + now.getEpochSecond()
            + ",\"exp\":"
            + exp.getEpochSecond()
            + ",\"sub\":\""
            + USER
            + "\",\"run_as\":false,\"rbac_roles\":[1],\"n\":"
            + n
            + "}";
    String token =
        b64("{\"alg\":\"ES512\",\"typ\":\"JWT\"}")
            + "."
            + b64(claims)
            + "."
            + b64("signature-" + n);
    tokens.put(token, exp);
    ObjectNode r = JSON.createObjectNode();
    r.putObject("data").put("token", token);
    r.put("error", 0);
    send(x, 200, r);
  }

  private void route(
      HttpExchange x, String method, String path, Map<String, List<String>> q, byte[] body)
      throws IOException {
    String[] seg = path.substring(1).split("/");
    if (method.equals("GET") && path.equals("/agents")) {
      List<JsonNode> selected = new ArrayList<>();
      List<String> ids = values(q, "agents_list");
      List<String> status = values(q, "status");
      for (ObjectNode a : agents) {
        if ((ids.isEmpty() || ids.contains(a.path("id").asText()))
            && (status.isEmpty() || status.contains(a.path("status").asText()))) {
          selected.add(a);
        }
      }
      List<String> missing = new ArrayList<>(ids);
      selected.forEach(a -> missing.remove(a.path("id").asText()));
      send(x, 200, page(selected, q, missing, "All selected agents information was returned"));
    } else if (method.equals("PUT")
        && seg.length == 3
        && seg[0].equals("agents")
        && seg[2].equals("restart")) {
      boolean known = agents.stream().anyMatch(a -> a.path("id").asText().equals(seg[1]));
      send(
          x,
          200,
          envelope(
              known ? List.of(JSON.getNodeFactory().textNode(seg[1])) : List.of(),
              known ? List.of() : List.of(seg[1]),
              "Restart command was sent to all agents"));
    } else if (method.equals("PUT") && path.equals("/active-response")) {
      List<JsonNode> hit = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String id : values(q, "agents_list")) {
        if (agents.stream().anyMatch(a -> a.path("id").asText().equals(id))) {
          hit.add(JSON.getNodeFactory().textNode(id));
        } else {
          missing.add(id);
        }
      }
      lastActiveResponse = JSON.readTree(body);
      send(
          x,
          200,
          envelope(
              hit,
              missing,
              missing.isEmpty()
                  ? "AR command was sent to all agents"
                  : "AR command was not sent to some agents"));
    } else if (method.equals("GET") && seg.length == 2 && seg[0].equals("syscheck")) {
      send(x, 200, specExample("/syscheck/{agent_id}"));
    } else if (method.equals("GET") && seg.length == 2 && seg[0].equals("sca")) {
      // no mock of Wazuh's for it: the example the spec documents
      send(x, 200, specExample("/sca/{agent_id}"));
    } else if (method.equals("GET") && path.equals("/manager/info")) {
      send(x, 200, mock("manager/info.json"));
    } else if (method.equals("GET")
        && seg.length == 4
        && seg[0].equals("sca")
        && seg[2].equals("checks")) {
      send(x, 200, mock("sca/policy_checks_failed.json"));
    } else {
      send(x, 404, problem("Not Found", "no stub route for " + method + " " + path));
    }
  }

  public volatile JsonNode lastActiveResponse;

  /** The documented example of a GET's 200 answer in Wazuh's spec. */
  static JsonNode specExample(String path) {
    Object example =
        api.getPaths()
            .get(path)
            .getGet()
            .getResponses()
            .get("200")
            .getContent()
            .get("application/json")
            .getExample();
    return JSON.valueToTree(example);
  }

  /** A page of {@code items} by offset/limit, with Wazuh's envelope. */
  private static ObjectNode page(
      List<JsonNode> items, Map<String, List<String>> q, List<String> missing, String message) {
    int offset = Integer.parseInt(values(q, "offset").stream().findFirst().orElse("0"));
    int limit = Integer.parseInt(values(q, "limit").stream().findFirst().orElse("500"));
    List<JsonNode> slice =
        items.subList(Math.min(offset, items.size()), Math.min(items.size(), offset + limit));
    ObjectNode r = envelope(slice, missing, message);
    ((ObjectNode) r.get("data")).put("total_affected_items", items.size());
    return r;
  }

  /** Wazuh's envelope; each missing id is a failed item with error 1701, as Wazuh reports it. */
  static ObjectNode envelope(List<JsonNode> affected, List<String> missing, String message) {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode data = r.putObject("data");
    ArrayNode a = data.putArray("affected_items");
    affected.forEach(a::add);
    data.put("total_affected_items", affected.size());
    data.put("total_failed_items", missing.size());
    ArrayNode failed = data.putArray("failed_items");
    if (!missing.isEmpty()) {
      ObjectNode f = failed.addObject();
      f.putObject("error")
          .put("code", 1701)
          .put("message", "Agent does not exist")
          .put(
              "remediation",
              "Please, use `GET /agents?select=id,name` to find all available agents");
      ArrayNode ids = f.putArray("id");
      missing.forEach(ids::add);
    }
    r.put("message", message);
    r.put("error", missing.isEmpty() ? 0 : affected.isEmpty() ? 2 : 1);
    return r;
  }

  private static ObjectNode problem(String title, String detail) {
    ObjectNode p = JSON.createObjectNode();
    p.put("title", title);
    p.put("detail", detail);
    return p;
  }

  private static Request request(
      HttpExchange x, String method, String path, Map<String, List<String>> query, byte[] body) {
    SimpleRequest.Builder b = new SimpleRequest.Builder(method, path);
    x.getRequestHeaders().forEach((k, v) -> b.withHeader(k, v));
    query.forEach((k, v) -> b.withQueryParam(k, v));
    if (body.length > 0) {
      b.withBody(new String(body, StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, n -> new ArrayList<>()).add(v);
    }
    return q;
  }

  /** A parameter's values, comma-separated ones split (as Wazuh reads them). */
  private static List<String> values(Map<String, List<String>> q, String name) {
    List<String> out = new ArrayList<>();
    q.getOrDefault(name, List.of()).forEach(v -> out.addAll(List.of(v.split(","))));
    out.removeIf(String::isEmpty);
    return out;
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders()
        .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The validator of Wazuh's spec. The spec has four array schemas without {@code items}, all in
   * responses; the parser reports them and the validator's own loader would refuse the whole spec
   * for it, so it is parsed here and handed over, requests being what is checked.
   */
  private static OpenApiInteractionValidator spec() {
    var options = new io.swagger.v3.parser.core.models.ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    var parsed =
        new io.swagger.parser.OpenAPIParser()
            .readLocation(
                DATASETS.resolve("wazuh/api/spec.yaml").toUri().toString(), null, options);
    if (parsed.getOpenAPI() == null) {
      throw new IllegalStateException("Wazuh spec unreadable: " + parsed.getMessages());
    }
    api = parsed.getOpenAPI();
    return OpenApiInteractionValidator.createFor(api).build();
  }

  /** {@code shared/datasets}, found above the working directory. */
  static Path datasets() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("datasets");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/datasets above " + Path.of("").toAbsolutePath());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
