package dev.vigil.bench;

import dev.vigil.standalone.Standalone;
import dev.vigil.standalone.StandaloneSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./vigil bench load}: the standalone stack with {@code bench.waiting} (10,000) runs waiting
 * for approval, then {@code bench.clients} (200) concurrent API clients for {@code bench.seconds}
 * (300) — analysts reading their approvals inbox, run lists and runs, and deciding approvals — with
 * each operation's p50/p99 and the errors. Also the heap with every run waiting (after a full GC)
 * and the inbox's latency with no other load. Prints a Markdown table; {@code --write FILE}
 * replaces the {@code load} table of that file.
 */
final class LoadBenchmark {

  static final int WAITING = Integer.getInteger("bench.waiting", 10_000);
  static final int CLIENTS = Integer.getInteger("bench.clients", 200);
  static final int SECONDS = Integer.getInteger("bench.seconds", 300);
  static final int ANALYSTS = 10;

  static final String PLAYBOOK =
      "{\"key\": \"bench-wait\", \"title\": \"Waits for an analyst\", \"steps\": ["
          + "{\"id\": \"ask\", \"approval\": {\"prompt\": \"Contain?\", \"approvers\": {\"roles\":"
          + " [\"analyst\"]}, \"timeout\": \"7d\", \"onTimeout\": \"reject\"}},"
          + "{\"id\": \"next\", \"action\": \"core.echo\", \"with\": {}}]}";

  /** Latencies (µs) and outcomes of one kind of request. */
  static final class Op {
    final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
    final LongAdder ok = new LongAdder();
    final LongAdder refused = new LongAdder(); // an expected 409: someone decided first
    final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();

    void record(BenchApi.Timed t, boolean conflictExpected) {
      micros.add(t.micros());
      if (t.status() >= 200 && t.status() < 300) {
        ok.increment();
      } else if (conflictExpected && (t.status() == 409 || t.status() == 404)) {
        refused.increment();
      } else {
        errors.computeIfAbsent(t.status(), s -> new LongAdder()).increment();
      }
    }
  }

  static void main(Path out) throws Exception {
    Path data = Files.createTempDirectory("vigil-bench-load");
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, BenchSupport.freePort(), null, null),
            "--logging.level.root=WARN",
            "--vigil.security.bootstrap-api-key=" + Benchmark.OWNER_KEY,
            "--vigil.security.bootstrap-admin-password=" + Benchmark.PASSWORD,
            "--vigil.security.api-keys-per-hour=1000",
            "--vigil.security.login-per-minute=100000")) {
      BenchApi api = new BenchApi(vigil.port(), Benchmark.OWNER_KEY, Benchmark.PASSWORD);
      String table = run(api);
      System.out.println(table);
      if (out != null) {
        BenchSupport.write(out, table, "bench-load");
        System.out.println("written to " + out);
      }
    }
  }

  static String run(BenchApi api) throws Exception {
    api.post("/api/v1/playbooks", "admin", PLAYBOOK);
    List<String> analysts = new ArrayList<>();
    for (int i = 0; i < ANALYSTS; i++) {
      analysts.add("ana" + i);
      api.key("ana" + i);
    }
    // seed: WAITING runs, 20 in flight
    List<String> runs = Collections.synchronizedList(new ArrayList<>());
    long seedStart = System.nanoTime();
    ExecutorService seeders = Executors.newFixedThreadPool(20);
    AtomicInteger seedErrors = new AtomicInteger();
    for (int i = 0; i < WAITING; i++) {
      seeders.submit(
          () -> {
            BenchApi.Timed t =
                api.timed(
                    "POST", "/api/v1/runs", null, "{\"playbook\": \"bench-wait\", \"inputs\": {}}");
            if (t.status() == 201) {
              runs.add(dev.vigil.playbook.json.Json.parse(t.body()).path("runId").asText());
            } else {
              seedErrors.incrementAndGet();
            }
            return null;
          });
    }
    seeders.shutdown();
    seeders.awaitTermination(2, TimeUnit.HOURS);
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    awaitWaiting(api, runs.get(runs.size() - 1));
    Thread.sleep(5_000);
    long heap = heapAfterGc();
    long rss = BenchSupport.rss();

    // the inbox with every run waiting, nothing else going on
    Op quiet = new Op();
    for (int i = 0; i < 200; i++) {
      quiet.record(
          api.timed(
              "GET", "/api/v1/approvals?status=pending&limit=50", analysts.get(i % ANALYSTS), null),
          false);
    }

    Map<String, Op> ops = new LinkedHashMap<>();
    for (String name : List.of("inbox", "runs list", "run", "decide")) {
      ops.put(name, new Op());
    }
    long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      clients.submit(
          () -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (System.nanoTime() < deadline) {
              String who = analysts.get(rnd.nextInt(ANALYSTS));
              String run = runs.get(rnd.nextInt(runs.size()));
              int dice = rnd.nextInt(100);
              if (dice < 40) {
                ops.get("inbox")
                    .record(
                        api.timed("GET", "/api/v1/approvals?status=pending&limit=50", who, null),
                        false);
              } else if (dice < 65) {
                ops.get("runs list")
                    .record(api.timed("GET", "/api/v1/runs?limit=50", who, null), false);
              } else if (dice < 85) {
                ops.get("run").record(api.timed("GET", "/api/v1/runs/" + run, who, null), false);
              } else {
                ops.get("decide")
                    .record(
                        api.timed(
                            "POST",
                            "/api/v1/runs/" + run + "/approvals/ask",
                            who,
                            "{\"decision\": \"approve\"}"),
                        true);
              }
            }
            return null;
          });
    }
    clients.shutdown();
    clients.awaitTermination(SECONDS + 120L, TimeUnit.SECONDS);
    long total = ops.values().stream().mapToLong(o -> o.micros.size()).sum();

    List<String> rows = new ArrayList<>();
    rows.add("| measure | value |");
    rows.add("|---|---|");
    rows.add(BenchSupport.row("machine", BenchSupport.machine()));
    rows.add(BenchSupport.row("date", Instant.now().toString().substring(0, 10)));
    rows.add(
        BenchSupport.row(
            "runs waiting for approval (seeded at)",
            runs.size()
                + " ("
                + BenchSupport.fmt(runs.size() / seedSeconds)
                + " starts/s, "
                + seedErrors.get()
                + " errors)"));
    rows.add(BenchSupport.row("heap used after full GC, all runs waiting", BenchSupport.mb(heap)));
    rows.add(BenchSupport.row("RSS, all runs waiting", BenchSupport.mb(rss)));
    rows.add(
        BenchSupport.row(
            "inbox p50 / p99, no other load (200 requests)",
            ms(BenchSupport.pct(quiet.micros, 50))
                + " / "
                + ms(BenchSupport.pct(quiet.micros, 99))));
    rows.add(
        BenchSupport.row(
            "load: clients × duration",
            CLIENTS
                + " × "
                + SECONDS
                + " s, "
                + BenchSupport.fmt(total / (double) SECONDS)
                + " requests/s"));
    for (var e : ops.entrySet()) {
      Op o = e.getValue();
      rows.add(
          BenchSupport.row(
              e.getKey() + " under load: n, p50 / p99, errors",
              o.micros.size()
                  + ", "
                  + ms(BenchSupport.pct(o.micros, 50))
                  + " / "
                  + ms(BenchSupport.pct(o.micros, 99))
                  + ", "
                  + errors(o)
                  + (e.getKey().equals("decide")
                      ? " (" + o.ok.sum() + " applied, " + o.refused.sum() + " already decided)"
                      : "")));
    }
    return String.join("\n", rows);
  }

  private static void awaitWaiting(BenchApi api, String run) throws InterruptedException {
    for (int i = 0; i < 6000; i++) {
      BenchApi.Timed t = api.timed("GET", "/api/v1/runs/" + run, null, null);
      if (t.status() == 200 && t.body().contains("\"waiting_approval\"")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("run " + run + " never waited for approval");
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(500);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String errors(Op o) {
    if (o.errors.isEmpty()) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    o.errors.forEach(
        (status, n) ->
            b.append(b.length() == 0 ? "" : ", ").append(n.sum()).append(" × ").append(status));
    return b.toString();
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}
