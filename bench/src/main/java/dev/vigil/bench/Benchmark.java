package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.standalone.Standalone;
import dev.vigil.standalone.StandaloneSettings;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./vigil bench}: starts the standalone stack in this JVM and measures, in one run on one
 * Temporal service: runs/s and per-step overhead of a 10-step core.echo playbook against a
 * hand-written workflow calling the same activity 10 times; approval latency (decide call → next
 * step started) over 200 approvals; resident memory idle and under load. Prints a Markdown table
 * and, with {@code --write FILE}, replaces the table section of that file.
 */
public final class Benchmark {

  static final int STEPS = 10;
  static final int RUNS = Integer.getInteger("bench.runs", 300);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 20);
  static final int APPROVALS = Integer.getInteger("bench.approvals", 200);

  private final WorkflowClient client;
  private final int port;
  static final String OWNER_KEY = "vgl_" + "BenchOwnerKey0123456789".repeat(2);
  static final String PASSWORD = "tulip-Granite-orbit-42";

  private final BenchApi api;
  private final List<Long> rssSamples = Collections.synchronizedList(new ArrayList<>());

  Benchmark(WorkflowClient client, int port) {
    this.client = client;
    this.port = port;
    this.api = new BenchApi(port, OWNER_KEY, PASSWORD);
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("detections")) {
      DetectionBenchmark.main(
          args.length == 3 && args[1].equals("--write") ? Path.of(args[2]) : null);
      return;
    }
    if (args.length > 0 && args[0].equals("load")) {
      LoadBenchmark.main(args.length == 3 && args[1].equals("--write") ? Path.of(args[2]) : null);
      return;
    }
    if (args.length > 0 && args[0].equals("files")) {
      FilesBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("incidents")) {
      IncidentBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Path out = args.length == 2 && args[0].equals("--write") ? Path.of(args[1]) : null;
    Path data = Files.createTempDirectory("vigil-bench");
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, BenchSupport.freePort(), null, null),
            "--logging.level.root=WARN",
            "--vigil.security.bootstrap-api-key=" + OWNER_KEY,
            "--vigil.security.bootstrap-admin-password=" + PASSWORD)) {
      WorkflowClient client = vigil.context().getBean(WorkflowClient.class);
      WorkerFactory baseline = WorkerFactory.newInstance(client);
      var w = baseline.newWorker("bench-baseline");
      w.registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
      w.registerActivitiesImplementations(vigil.context().getBean(ActionActivitiesImpl.class));
      // the same interpreter without the PostgreSQL projection, to tell the two costs apart
      var noProjection = baseline.newWorker("bench-no-projection");
      noProjection.registerWorkflowImplementationTypes(
          dev.vigil.workflows.playbook.PlaybookRunWorkflowImpl.class,
          dev.vigil.workflows.playbook.ForEachSliceWorkflowImpl.class);
      noProjection.registerActivitiesImplementations(
          new ActionActivitiesImpl(
              dev.vigil.playbook.catalog.ActionCatalog.bundled(),
              dev.vigil.activities.system.ActionHandlers.all(
                  new dev.vigil.activities.http.HttpSettings(List.of(), null, 0),
                  new dev.vigil.activities.system.Secrets(Map.of(), Map.of(), n -> null))),
          (dev.vigil.workflows.projection.RunProjectionActivities) event -> {});
      baseline.start();
      String table = new Benchmark(client, vigil.port()).run();
      System.out.println(table);
      if (out != null) {
        BenchSupport.write(out, table, "bench");
        System.out.println("written to " + out);
      }
      baseline.shutdown();
    }
  }

  String run() throws Exception {
    System.gc();
    Thread.sleep(2000);
    long idleRss = BenchSupport.rss();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                rssSamples.add(BenchSupport.rss());
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();

    String definition = playbook();
    // warm-up of both paths (JIT, connection pools, caches)
    measure(60, () -> vigilRun(definition));
    measure(60, this::baselineRun);
    measure(60, () -> vigilRun(definition, "bench-no-projection"));
    // interleaved rounds so that machine noise hits both alike
    List<Double> vigilRps = new ArrayList<>();
    List<Double> bareRps = new ArrayList<>();
    List<Long> bareLat = Collections.synchronizedList(new ArrayList<>());
    List<Double> baseRps = new ArrayList<>();
    List<Long> vigilLat = Collections.synchronizedList(new ArrayList<>());
    List<Long> baseLat = Collections.synchronizedList(new ArrayList<>());
    for (int round = 0; round < 3; round++) {
      Result b = measure(RUNS / 3, this::baselineRun);
      Result v = measure(RUNS / 3, () -> vigilRun(definition));
      Result n = measure(RUNS / 3, () -> vigilRun(definition, "bench-no-projection"));
      bareRps.add(n.perSecond);
      bareLat.addAll(n.latenciesMs);
      baseRps.add(b.perSecond);
      vigilRps.add(v.perSecond);
      baseLat.addAll(b.latenciesMs);
      vigilLat.addAll(v.latenciesMs);
    }
    // what the test service handles per run: history events of one run of each kind
    int playbookEvents = events(lastPlaybookRun);
    int baselineEvents = events(lastBaselineRun);
    List<Long> approval = approvals();
    sampler.interrupt();
    long peakRss = rssSamples.stream().mapToLong(Long::longValue).max().orElse(0);

    double vRps = mean(vigilRps);
    double bRps = mean(baseRps);
    double vMean = vigilLat.stream().mapToLong(Long::longValue).average().orElse(0);
    double bMean = baseLat.stream().mapToLong(Long::longValue).average().orElse(0);
    double perStepOverhead = (vMean - bMean) / STEPS;
    double nRps = mean(bareRps);
    double nMean = bareLat.stream().mapToLong(Long::longValue).average().orElse(0);
    return String.join(
        "\n",
        "| measure | value |",
        "|---|---|",
        BenchSupport.row("machine", BenchSupport.machine()),
        BenchSupport.row("date", Instant.now().toString().substring(0, 10)),
        BenchSupport.row("runs per variant / in flight", RUNS + " / " + CONCURRENCY),
        BenchSupport.row("10-step playbook (core.echo): runs/s", BenchSupport.fmt(vRps)),
        BenchSupport.row(
            "hand-written workflow, same activity ×10: runs/s", BenchSupport.fmt(bRps)),
        BenchSupport.row(
            "**overhead ratio** (baseline runs/s ÷ playbook runs/s)",
            BenchSupport.fmt(bRps / vRps)),
        BenchSupport.row(
            "mean run latency: playbook / hand-written",
            BenchSupport.fmt(vMean) + " ms / " + BenchSupport.fmt(bMean) + " ms"),
        BenchSupport.row(
            "mean per-step overhead over the hand-written workflow",
            BenchSupport.fmt(perStepOverhead) + " ms"),
        BenchSupport.row(
            "same playbook, projection switched off: runs/s (ratio)",
            BenchSupport.fmt(nRps) + " (" + BenchSupport.fmt(bRps / nRps) + ")"),
        BenchSupport.row(
            "history events per run: playbook / hand-written",
            playbookEvents + " / " + baselineEvents),
        BenchSupport.row(
            "per-step cost: interpreter / PostgreSQL projection",
            BenchSupport.fmt((nMean - bMean) / STEPS)
                + " ms / "
                + BenchSupport.fmt((vMean - nMean) / STEPS)
                + " ms"),
        BenchSupport.row(
            "approval latency p50 (decide call → next step started, "
                + approval.size()
                + " approvals)",
            BenchSupport.pct(approval, 50) + " ms"),
        BenchSupport.row("approval latency p99", BenchSupport.pct(approval, 99) + " ms"),
        BenchSupport.row("RSS idle", BenchSupport.mb(idleRss)),
        BenchSupport.row("RSS peak under load", BenchSupport.mb(peakRss)));
  }

  private String playbook() {
    String steps =
        IntStream.range(0, STEPS)
            .mapToObj(
                i ->
                    "{\"id\": \"s"
                        + i
                        + "\", \"action\": \"core.echo\", \"with\": {\"i\": "
                        + i
                        + "}}")
            .collect(Collectors.joining(", "));
    return "{\"key\": \"bench-echo\", \"title\": \"Bench\", \"steps\": [" + steps + "]}";
  }

  private CompletableFuture<?> vigilRun(String definition) {
    return vigilRun(definition, TaskQueues.PLAYBOOK_RUNS);
  }

  private CompletableFuture<?> vigilRun(String definition, String taskQueue) {
    String runId = "bench-" + UUID.randomUUID();
    if (TaskQueues.PLAYBOOK_RUNS.equals(taskQueue)) {
      // the history counted is the projecting variant's, not the one without a store
      lastPlaybookRun = StartRunInput.workflowId("default", runId);
    }
    PlaybookRunWorkflow stub =
        client.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue)
                .setWorkflowId(StartRunInput.workflowId("default", runId))
                .build());
    WorkflowClient.start(
        stub::run,
        RunPreparation.input(
            ActionCatalog.bundled(),
            runId,
            "default",
            new PinnedPlaybook("bench-echo", 1, definition),
            List.of(),
            Map.of(),
            RunMode.LIVE,
            "bench",
            Map.of()));
    return WorkflowStub.fromTyped(stub).getResultAsync(RunResult.class);
  }

  private CompletableFuture<?> baselineRun() {
    BaselineWorkflow stub =
        client.newWorkflowStub(
            BaselineWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue("bench-baseline")
                .setWorkflowId(lastBaselineRun = "baseline-" + UUID.randomUUID())
                .build());
    WorkflowClient.start(stub::run, STEPS);
    return WorkflowStub.fromTyped(stub).getResultAsync(Integer.class);
  }

  record Result(double perSecond, List<Long> latenciesMs) {}

  /** The workflow of the latest run each variant started (its history is counted). */
  private volatile String lastPlaybookRun;

  private volatile String lastBaselineRun;

  private int events(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().size();
  }

  private Result measure(int n, Supplier<CompletableFuture<?>> start) throws Exception {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    List<CompletableFuture<?>> all = new ArrayList<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      long s = System.nanoTime();
      all.add(
          start
              .get()
              .whenComplete(
                  (r, e) -> {
                    latencies.add((System.nanoTime() - s) / 1_000_000);
                    inFlight.release();
                    if (e != null) {
                      System.err.println("run failed: " + e);
                    }
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Result(n / seconds, latencies);
  }

  /** decide (HTTP) → the next step's startedAt, over {@link #APPROVALS} runs, 10 at a time. */
  private List<Long> approvals() throws Exception {
    String def =
        "{\"key\": \"bench-approval\", \"title\": \"Bench approval\", \"steps\": ["
            + "{\"id\": \"ask\", \"approval\": {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"analyst\"]}}},"
            + "{\"id\": \"next\", \"action\": \"core.echo\", \"with\": {}}]}";
    api.post("/api/v1/playbooks", "admin", def);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    int batch = 10;
    for (int done = 0; done < APPROVALS; done += batch) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        runs.add(
            api.post("/api/v1/runs", "ana", "{\"playbook\": \"bench-approval\", \"inputs\": {}}")
                .path("runId")
                .asText());
      }
      for (String run : runs) {
        awaitStatus(run, "waiting_approval");
      }
      List<CompletableFuture<Void>> votes = new ArrayList<>();
      for (String run : runs) {
        votes.add(
            CompletableFuture.runAsync(
                () -> {
                  long before = System.currentTimeMillis();
                  api.post(
                      "/api/v1/runs/" + run + "/approvals/ask",
                      "ben",
                      "{\"decision\": \"approve\"}");
                  JsonNode next = awaitStatus(run, "succeeded").path("steps").get(1);
                  latencies.add(
                      Instant.parse(next.path("startedAt").asText()).toEpochMilli() - before);
                }));
      }
      CompletableFuture.allOf(votes.toArray(CompletableFuture[]::new)).join();
    }
    return latencies;
  }

  private JsonNode awaitStatus(String run, String status) {
    for (int i = 0; i < 2000; i++) {
      JsonNode r = api.get("/api/v1/runs/" + run);
      if (status.equals(r.path("status").asText())) {
        return r;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("run " + run + " never became " + status);
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
