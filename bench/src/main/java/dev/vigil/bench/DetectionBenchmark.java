package dev.vigil.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.detections.engine.CompiledRule;
import dev.vigil.detections.engine.DetectionEngine;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.BundledRules;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.playbook.json.Json;
import dev.vigil.standalone.Standalone;
import dev.vigil.standalone.StandaloneSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./vigil bench detections}: ingest-and-detect through HTTP with the bundled rules on —
 * NDJSON batches of 1,000 real sshd and Windows events (the loghub OpenSSH sample and the
 * DeepBlueCLI SMB password-guessing log, re-timed to recent days) sent by 4 clients, timed from the
 * first request until the detection consumer's cursor has passed the last batch; accepted → alert
 * latency (a 202 answered → the alert row committed) over 200 probes; and the heap taken by the
 * detection state of 100,000 active groups.
 */
final class DetectionBenchmark {

  static final int BATCHES = Integer.getInteger("bench.batches", 200);
  static final int CLIENTS = Integer.getInteger("bench.clients", 4);
  static final int PROBES = Integer.getInteger("bench.probes", 200);
  private static final String OWNER_KEY = "vgl_" + "BenchOwnerKey0123456789".repeat(2);

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;
  private final JdbcClient jdbc;

  DetectionBenchmark(int port, DataSource ds) {
    this.port = port;
    this.jdbc = JdbcClient.create(ds);
  }

  static void main(Path out) throws Exception {
    Path data = Files.createTempDirectory("vigil-bench-detections");
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, BenchSupport.freePort(), null, null),
            "--logging.level.root=WARN",
            "--vigil.security.bootstrap-api-key=" + OWNER_KEY,
            "--vigil.security.bootstrap-admin-password=tulip-Granite-orbit-42")) {
      DetectionBenchmark b =
          new DetectionBenchmark(vigil.port(), vigil.context().getBean(DataSource.class));
      String table = b.run();
      System.out.println(table);
      if (out != null) {
        BenchSupport.write(out, table, "bench-detections");
        System.out.println("written to " + out);
      }
    }
  }

  String run() throws Exception {
    List<String[]> batches = batches(BATCHES + 10);
    // warm-up: JIT, partitions, the consumer's engine
    for (int i = BATCHES; i < BATCHES + 10; i++) {
      send(batches.get(i)[0], batches.get(i)[1]);
    }
    awaitDetected();

    long events = 0;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    AtomicInteger next = new AtomicInteger();
    List<Future<Long>> sent = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      sent.add(
          pool.submit(
              () -> {
                long n = 0;
                for (int i = next.getAndIncrement(); i < BATCHES; i = next.getAndIncrement()) {
                  n += send(batches.get(i)[0], batches.get(i)[1]);
                }
                return n;
              }));
    }
    for (Future<Long> f : sent) {
      events += f.get();
    }
    long ingested = System.nanoTime();
    awaitDetected();
    long detected = System.nanoTime();
    pool.shutdown();
    double ingestRate = events / ((ingested - start) / 1e9);
    double detectRate = events / ((detected - start) / 1e9);

    List<Long> latencies = probes();
    List<List<Long>> response = incidentProbes();
    Map<String, Double> state = stateMemory();
    long alerts = jdbc.sql("select count(*) from alerts").query(Long.class).single();
    return String.join(
        "\n",
        "| measure | value |",
        "|---|---|",
        "| machine | " + BenchSupport.machine() + " |",
        "| date | " + Instant.now().toString().substring(0, 10) + " |",
        "| batches × events, clients | "
            + BATCHES
            + " × 1,000 (sshd and Windows alternately), "
            + CLIENTS
            + " |",
        "| events accepted | " + events + " |",
        "| ingest through HTTP (202 answered): events/s | " + fmt(ingestRate) + " |",
        "| **ingest and detect** (until the consumer passed the last batch): events/s | "
            + fmt(detectRate)
            + " |",
        "| alerts raised by the bundled rules | " + alerts + " |",
        "| accepted → alert latency p50 ("
            + latencies.size()
            + " probes, idle) | "
            + pct(latencies, 50)
            + " ms |",
        "| accepted → alert latency p99 | " + pct(latencies, 99) + " ms |",
        "| accepted → incident recorded, p50 / p99 ("
            + response.get(0).size()
            + " high-severity probes, idle) | "
            + pct(response.get(0), 50)
            + " / "
            + pct(response.get(0), 99)
            + " ms |",
        "| accepted → containment playbook started, p50 / p99 | "
            + pct(response.get(1), 50)
            + " / "
            + pct(response.get(1), 99)
            + " ms |",
        "| detection state of 100,000 active groups: heap | "
            + fmt(state.get("heapMiB"))
            + " MiB ("
            + fmt(state.get("bytesPerGroup"))
            + " bytes a group) |",
        "| the same state as stored JSON | " + fmt(state.get("jsonMiB")) + " MiB |");
  }

  /** Sends one batch; returns the events accepted. */
  private long send(String source, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/v1/events?source=" + source))
                .header("Authorization", "Bearer " + OWNER_KEY)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
    }
    return Json.parse(r.body()).path("accepted").asLong();
  }

  private void awaitDetected() throws InterruptedException {
    while (true) {
      Long behind =
          jdbc.sql(
                  "select count(*) from event_streams s left join detection_cursors c on"
                      + " c.tenant_id = s.tenant_id where s.last_batch > coalesce(c.last_batch, 0)")
              .query(Long.class)
              .single();
      if (behind == 0) {
        return;
      }
      Thread.sleep(5);
    }
  }

  /** Publishes a detection rule as the owner. */
  private void publishRule(String rule) throws Exception {
    HttpResponse<String> p =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/detections"))
                .header("Authorization", "Bearer " + OWNER_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(rule))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (p.statusCode() != 201) {
      throw new IllegalStateException(p.body());
    }
  }

  /** A match rule per probe message: the 202, then the alert row it raises. */
  private List<Long> probes() throws Exception {
    String rule =
        "{\"key\": \"bench-probe\", \"title\": \"probe\", \"kind\": \"match\", \"severity\": \"info\","
            + " \"filter\": \"${{ event.type == 'log' && event.message.startsWith('bench-probe') }}\","
            + " \"groupBy\": [\"message\"]}";
    publishRule(rule);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < PROBES + 10; i++) {
      String message = "bench-probe-" + i;
      String event =
          "{\"time\": \""
              + Instant.now()
              + "\", \"category\": \"ops\", \"type\": \"log\", \"message\": \""
              + message
              + "\"}";
      send("vigil", event);
      long accepted = System.nanoTime();
      while (jdbc.sql(
                  "select count(*) from alerts where rule_key = 'bench-probe' and group_values ->> 'message' = :m")
              .param("m", message)
              .query(Long.class)
              .single()
          == 0) {
        Thread.sleep(1);
      }
      if (i >= 10) {
        out.add((System.nanoTime() - accepted) / 1_000_000);
      }
    }
    Collections.sort(out);
    return out;
  }

  /**
   * A high-severity match rule per probe message: the 202, then the incident its alert opens
   * (recorded by the incident workflow), then the containment run the bundled response policy
   * starts (recorded by the run).
   */
  private List<List<Long>> incidentProbes() throws Exception {
    String rule =
        "{\"key\": \"bench-incident\", \"title\": \"incident probe\", \"kind\": \"match\","
            + " \"severity\": \"high\", \"filter\": \"${{ event.type == 'log' &&"
            + " event.message.startsWith('bench-incident') }}\", \"groupBy\": [\"message\"]}";
    publishRule(rule);
    List<Long> opened = new ArrayList<>();
    List<Long> started = new ArrayList<>();
    int probes = PROBES / 2;
    for (int i = 0; i < probes + 5; i++) {
      String message = "bench-incident-" + i;
      send(
          "vigil",
          "{\"time\": \""
              + Instant.now()
              + "\", \"category\": \"ops\", \"type\": \"log\", \"message\": \""
              + message
              + "\"}");
      long accepted = System.nanoTime();
      String incident = null;
      while (incident == null) {
        incident =
            jdbc.sql(
                    "select i.id from alerts a join incidents i on i.tenant_id = a.tenant_id and i.id"
                        + " = a.incident_id where a.rule_key = 'bench-incident' and"
                        + " a.group_values ->> 'message' = :m")
                .param("m", message)
                .query(String.class)
                .optional()
                .orElse(null);
        Thread.sleep(incident == null ? 1 : 0);
      }
      long recorded = System.nanoTime();
      while (jdbc.sql("select count(*) from incident_runs where incident_id = :i")
              .param("i", incident)
              .query(Long.class)
              .single()
          == 0) {
        Thread.sleep(1);
      }
      long run = System.nanoTime();
      if (i >= 5) {
        opened.add((recorded - accepted) / 1_000_000);
        started.add((run - accepted) / 1_000_000);
      }
    }
    Collections.sort(opened);
    Collections.sort(started);
    return List.of(opened, started);
  }

  /** Heap of an engine holding 100,000 groups of the per-source brute-force rule. */
  private static Map<String, Double> stateMemory() {
    List<CompiledRule> rules =
        List.of(
            CompiledRule.of(
                RuleValidator.validate(BundledRules.read("login-failures-per-source")).rule(), 1));
    Instant t0 = Instant.now();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      events.add(
          new Event(
              UUID.randomUUID().toString(),
              "bench",
              t0.plusMillis(i),
              t0.plusMillis(i),
              new Event.Source("syslog-sshd", "bench", null),
              "auth",
              "authentication",
              "logon",
              "failure",
              3,
              "Failed password",
              Event.Actor.user("root", null),
              new Event.Endpoint(ip, 40000, null),
              new Event.Endpoint(null, 22, "bench"),
              Event.Target.asset("bench"),
              Map.of("method", "password"),
              "raw"));
    }
    long before = used();
    DetectionEngine engine = new DetectionEngine("bench", ZoneOffset.UTC, rules);
    for (Event e : events) {
      engine.process(e);
    }
    long after = used();
    long json = 0;
    for (var c : engine.drainDirty()) {
      json += Json.write(c.state()).length();
    }
    int groups = engine.meta().get("login-failures-per-source").groupCount();
    double heap = (after - before) / 1048576.0;
    return Map.of(
        "heapMiB", heap,
        "bytesPerGroup", (after - before) / (double) groups,
        "jsonMiB", json / 1048576.0);
  }

  private static long used() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /**
   * Batches of 1,000 records, sshd and Windows alternately, re-timed so that the stream moves
   * forward in time as a live one does (1 ms apart, ending about now): the OpenSSH sample's lines
   * with a new syslog timestamp, the SMB password-guessing records with a new TimeCreated.
   */
  private static List<String[]> batches(int n) throws IOException {
    List<String> sshd =
        Files.readAllLines(BenchSupport.dataset("auth-logs/loghub-openssh/OpenSSH_2k.log"));
    List<String> windows =
        Files.readAllLines(
            BenchSupport.dataset(
                "windows-events/DeepBlueCLI/smb-password-guessing-security.jsonl"));
    DateTimeFormatter syslog = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    DateTimeFormatter evtx = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    LocalDateTime base = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(n + 60L);
    List<String[]> out = new ArrayList<>();
    int s = 0;
    int w = 0;
    for (int b = 0; b < n; b++) {
      StringBuilder sb = new StringBuilder(256_000);
      for (int j = 0; j < 1000; j++) {
        LocalDateTime t = base.plusNanos((b * 1000L + j) * 1_000_000L);
        if (b % 2 == 0) {
          String line = sshd.get(s++ % sshd.size()).strip();
          sb.append(Json.write(TextNode.valueOf(syslog.format(t) + line.substring(15))));
        } else {
          ObjectNode r = (ObjectNode) Json.parse(windows.get(w++ % windows.size()));
          r.put("TimeCreated", evtx.format(t));
          sb.append(Json.write(r));
        }
        sb.append('\n');
      }
      out.add(
          new String[] {
            b % 2 == 0 ? "syslog-sshd&year=" + base.getYear() : "windows-security", sb.toString()
          });
    }
    return out;
  }

  private static long pct(List<Long> xs, int p) {
    return xs.isEmpty() ? 0 : xs.get(Math.min(xs.size() - 1, xs.size() * p / 100));
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%,.1f", d);
  }
}
