package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A Wazuh indexer as OpenSearch answers {@code POST /wazuh-alerts-4.x-*}{@code /_search}: a {@code
 * bool.filter} {@code range} on {@code timestamp} (epoch millis), {@code sort} by {@code timestamp}
 * then {@code _id}, {@code search_after} and {@code size}, hits with their {@code sort} values.
 * Anything else in the request is refused, so the client cannot send a shape the sync does not mean
 * to. Its alerts are Wazuh's real ones ({@code shared/datasets/wazuh/alerts}) under fresh ids and
 * times the test chooses.
 */
public final class WazuhIndexerStub implements AutoCloseable {

  public static final String USER = "admin";
  public static final String PASSWORD = "Indexer-Pa55";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter WAZUH_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final List<ObjectNode> real = new ArrayList<>();

  /** The indexed alerts: {@code _id}, epoch ms, source. */
  private final List<Doc> docs = Collections.synchronizedList(new ArrayList<>());

  public final List<String> refused = Collections.synchronizedList(new ArrayList<>());
  public volatile boolean down;
  public volatile int searches;

  record Doc(String id, long ms, ObjectNode source) {}

  public WazuhIndexerStub() throws IOException {
    Path alerts = WazuhManagerStub.datasets().resolve("wazuh/alerts");
    for (String line : Files.readAllLines(alerts.resolve("datadog_wazuh_tests_alerts.jsonl"))) {
      if (!line.isBlank()) {
        real.add((ObjectNode) JSON.readTree(line));
      }
    }
    real.add(
        (ObjectNode)
            JSON.readTree(
                Files.readString(alerts.resolve("wazuh_integratord_sample_alert_5712.json"))));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Indexes {@code count} alerts (the real ones in turn) with times from {@code first}, {@code
   * stepMs} apart; every {@code sameTimeEvery}-th shares the time of the one before it, so that
   * {@code _id} must break ties.
   */
  public synchronized void index(int count, Instant first, long stepMs, int sameTimeEvery) {
    long t = first.toEpochMilli();
    for (int i = 0; i < count; i++) {
      if (i > 0 && (sameTimeEvery <= 0 || i % sameTimeEvery != 0)) {
        t += stepMs;
      }
      ObjectNode a = real.get((docs.size()) % real.size()).deepCopy();
      String id = String.format("a%07d", docs.size());
      a.put("id", id);
      a.put("timestamp", WAZUH_TIME.format(Instant.ofEpochMilli(t)));
      docs.add(new Doc(id, t, a));
    }
  }

  public int size() {
    return docs.size();
  }

  /** Copies of the indexed alerts as the indexer holds them, in index order. */
  public List<ObjectNode> sources() {
    synchronized (docs) {
      return docs.stream().map(d -> d.source().deepCopy()).toList();
    }
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (down) {
        send(x, 503, error("unavailable", "the indexer is down"));
        return;
      }
      if (!expected.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, error("security_exception", "missing authentication credentials"));
        return;
      }
      if (!x.getRequestMethod().equals("POST") || !path.equals("/wazuh-alerts-4.x-*/_search")) {
        refused.add(x.getRequestMethod() + " " + path);
        send(x, 400, error("illegal_argument_exception", "not a search of wazuh-alerts-4.x-*"));
        return;
      }
      JsonNode q = JSON.readTree(x.getRequestBody());
      String problem = shape(q);
      if (problem != null) {
        refused.add(problem + ": " + q);
        send(x, 400, error("parsing_exception", problem));
        return;
      }
      searches++;
      send(x, 200, search(q));
    }
  }

  /** Null when the request is the one shape the sync sends, else what is wrong with it. */
  private static String shape(JsonNode q) {
    List<String> fields = new ArrayList<>();
    q.fieldNames().forEachRemaining(fields::add);
    for (String f : fields) {
      if (!List.of("size", "track_total_hits", "query", "sort", "search_after").contains(f)) {
        return "unexpected " + f;
      }
    }
    JsonNode range = q.at("/query/bool/filter/0/range/timestamp");
    if (!range.isObject() || !"epoch_millis".equals(range.path("format").asText())) {
      return "no epoch_millis range on timestamp";
    }
    if (!q.at("/sort/0/timestamp/order").asText().equals("asc")
        || !q.at("/sort/1/_id/order").asText().equals("asc")) {
      return "not sorted by timestamp then _id";
    }
    if (q.has("search_after") && q.path("search_after").size() != 2) {
      return "search_after is not [timestamp, _id]";
    }
    return null;
  }

  private synchronized ObjectNode search(JsonNode q) {
    JsonNode range = q.at("/query/bool/filter/0/range/timestamp");
    long gte = range.path("gte").asLong(Long.MIN_VALUE);
    long lt = range.path("lt").asLong(Long.MAX_VALUE);
    List<Doc> sorted = new ArrayList<>(docs);
    sorted.sort(Comparator.comparingLong(Doc::ms).thenComparing(Doc::id));
    JsonNode after = q.path("search_after");
    List<Doc> page = new ArrayList<>();
    for (Doc d : sorted) {
      if (d.ms() < gte || d.ms() >= lt) {
        continue;
      }
      if (after.size() == 2) {
        long ams = after.get(0).asLong();
        String aid = after.get(1).asText();
        if (d.ms() < ams || (d.ms() == ams && d.id().compareTo(aid) <= 0)) {
          continue;
        }
      }
      page.add(d);
      if (page.size() >= q.path("size").asInt(10)) {
        break;
      }
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("took", 1);
    r.put("timed_out", false);
    ArrayNode hits = r.putObject("hits").putArray("hits");
    for (Doc d : page) {
      ObjectNode h = hits.addObject();
      h.put("_index", "wazuh-alerts-4.x-2026.12.01");
      h.put("_id", d.id());
      h.set("_source", d.source());
      h.putArray("sort").add(d.ms()).add(d.id());
    }
    return r;
  }

  private static ObjectNode error(String type, String reason) {
    ObjectNode r = JSON.createObjectNode();
    r.putObject("error").put("type", type).put("reason", reason);
    return r;
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
