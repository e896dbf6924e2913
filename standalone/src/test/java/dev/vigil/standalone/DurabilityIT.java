package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.ApiApplication;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.worker.WorkerApplication;
import io.temporal.testserver.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Nothing is lost when processes die: runs waiting for approval survive the API server (and,
 * against a real Temporal, the worker) stopping — a new process finishes them, every action exactly
 * once; many concurrent runs with approvals all end right; runs an in-memory Temporal forgot are
 * marked interrupted, not left running.
 */
class DurabilityIT {

  static final String PLAYBOOK =
      """
      {"key": "durable", "title": "Durable", "inputs": {"type": "object", "required": ["api"]},
       "steps": [
         {"id": "before", "action": "http.request", "with": {"method": "POST", "url": "${{ inputs.api }}/before"}},
         {"id": "ask", "approval": {"prompt": "go on?", "approvers": {"roles": ["analyst"]}}},
         {"id": "after", "when": "${{ steps.ask.outcome == 'approved' }}", "action": "http.request",
          "with": {"method": "POST", "url": "${{ inputs.api }}/after/${{ run.id }}"}}
       ],
       "outputs": {"decision": "${{ steps.ask.outcome }}"}}
      """;

  private static Standalone start(
      int temporalPort, TestDatabase.Coordinates db, SideEffects effects, Path data) {
    return Standalone.start(
        new StandaloneSettings(data, 0, 0, "127.0.0.1:" + temporalPort, db.url()),
        Api.args(
            "--spring.datasource.username=" + db.user(),
            "--spring.datasource.password=" + db.password(),
            "--vigil.http.allowed-hosts=" + effects.allowlist()));
  }

  private static String startRun(Api api, SideEffects effects) {
    Api.Res r =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"durable\", \"inputs\": {\"api\": \"" + effects.base() + "\"}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/runId").asText();
  }

  /** Starts a context (API or worker alone) against the given Temporal and database. */
  private static ConfigurableApplicationContext app(
      Class<?> main,
      String temporal,
      TestDatabase.Coordinates db,
      SideEffects effects,
      String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--vigil.temporal.address=" + temporal,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--vigil.http.allowed-hosts=" + effects.allowlist()));
    args.addAll(List.of(Api.args(extra)));
    return new SpringApplication(main).run(args.toArray(String[]::new));
  }

  private static int port(ConfigurableApplicationContext ctx) {
    return ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  @Test
  void waitingRunsSurviveTheApiServerRestartingAndActExactlyOnce() {
    int temporalPort = Ports.free();
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    try (TestServer.PortBoundTestServer temporal =
            TestServer.createPortBoundServer(temporalPort, true);
        SideEffects effects = new SideEffects();
        ConfigurableApplicationContext worker =
            app(WorkerApplication.class, "127.0.0.1:" + temporalPort, db, effects)) {
      List<String> runs = new ArrayList<>();
      try (ConfigurableApplicationContext first =
          app(ApiApplication.class, "127.0.0.1:" + temporalPort, db, effects)) {
        Api api = new Api(port(first));
        assertThat(api.post("/api/v1/playbooks", "eng", PLAYBOOK).status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
          runs.add(startRun(api, effects));
        }
        for (String run : runs) {
          api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
        }
      } // the API server stops; the runs wait in Temporal, the worker stays
      try (ConfigurableApplicationContext second =
          app(ApiApplication.class, "127.0.0.1:" + temporalPort, db, effects)) {
        Api api = new Api(port(second));
        Api.Res inbox = api.get("/api/v1/approvals", "ben");
        for (String run : runs) {
          assertThat(inbox.text()).contains(run);
          assertThat(api.get("/api/v1/runs/" + run + "?live=true", "ben").at("/source").asText())
              .isEqualTo("workflow");
          assertThat(api.get("/api/v1/runs/" + run, "ben").at("/source").asText())
              .as("a run waiting for approval is answered from the store unless asked live")
              .isEqualTo("store");
          Api.Res vote =
              api.post(
                  "/api/v1/runs/" + run + "/approvals/ask", "ben", "{\"decision\": \"approve\"}");
          assertThat(vote.status()).as(vote.text()).isEqualTo(200);
        }
        assertSucceededOnce(api, effects, runs);
      }
    }
  }

  @Test
  void aRunWhoseWorkerDoesNotAnswerIsReadFromTheStoreWithinTheQueryDeadline() {
    int temporalPort = Ports.free();
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    String temporal = "127.0.0.1:" + temporalPort;
    try (TestServer.PortBoundTestServer server =
            TestServer.createPortBoundServer(temporalPort, true);
        SideEffects effects = new SideEffects();
        ConfigurableApplicationContext api =
            app(ApiApplication.class, temporal, db, effects, "--vigil.api.query-timeout-ms=500")) {
      Api client = new Api(port(api));
      client.post("/api/v1/playbooks", "eng", PLAYBOOK);
      String run;
      try (ConfigurableApplicationContext worker =
          app(WorkerApplication.class, temporal, db, effects)) {
        run = startRun(client, effects);
        client.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
        assertThat(client.get("/api/v1/runs/" + run + "?live=true", "ana").at("/source").asText())
            .isEqualTo("workflow");
      } // no worker answers queries any more
      Api.Res stored = client.get("/api/v1/runs/" + run + "?live=true", "ana");
      assertThat(stored.status()).isEqualTo(200);
      assertThat(stored.at("/source").asText()).isEqualTo("store");
      assertThat(stored.at("/status").asText()).isEqualTo("waiting_approval");
      assertThat(stored.at("/steps/0/status").asText()).isEqualTo("succeeded");
      assertThat(stored.at("/approvals/0/status").asText()).isEqualTo("pending");
    }
  }

  /**
   * A new worker process takes over runs that wait for approval. Needs a real Temporal server
   * ({@code VIGIL_TEST_TEMPORAL_ADDRESS}, e.g. {@code temporal server start-dev}): Temporal's Java
   * test service never moves tasks off a stopped worker's sticky queue, which a real cluster does.
   */
  @Test
  @EnabledIfEnvironmentVariable(named = "VIGIL_TEST_TEMPORAL_ADDRESS", matches = ".+")
  void waitingRunsSurviveTheirWorkerBeingReplaced() {
    String temporal = System.getenv("VIGIL_TEST_TEMPORAL_ADDRESS");
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    try (SideEffects effects = new SideEffects();
        ConfigurableApplicationContext api = app(ApiApplication.class, temporal, db, effects)) {
      Api client = new Api(port(api));
      client.post("/api/v1/playbooks", "eng", PLAYBOOK);
      List<String> runs = new ArrayList<>();
      try (ConfigurableApplicationContext first =
          app(WorkerApplication.class, temporal, db, effects)) {
        for (int i = 0; i < 3; i++) {
          runs.add(startRun(client, effects));
        }
        for (String run : runs) {
          client.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
        }
      } // the worker stops while the runs wait
      try (ConfigurableApplicationContext second =
          app(WorkerApplication.class, temporal, db, effects)) {
        for (String run : runs) {
          Api.Res vote =
              client.post(
                  "/api/v1/runs/" + run + "/approvals/ask", "ben", "{\"decision\": \"approve\"}");
          assertThat(vote.status()).as(vote.text()).isEqualTo(200);
        }
        assertSucceededOnce(client, effects, runs);
      }
    }
  }

  private static void assertSucceededOnce(Api api, SideEffects effects, List<String> runs) {
    for (String run : runs) {
      api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
      Api.Res done = api.get("/api/v1/runs/" + run, "ana");
      assertThat(done.at("/status").asText()).isEqualTo("succeeded");
      assertThat(done.at("/outputs/decision").asText()).isEqualTo("approved");
      assertThat(effects.count("POST /after/" + run)).isEqualTo(1);
    }
    assertThat(effects.count("POST /before")).isEqualTo(runs.size());
  }

  @Test
  void hundredConcurrentRunsWithApprovalsAllEndWithTheRightOutcome(@TempDir Path data)
      throws Exception {
    int temporalPort = Ports.free();
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    int n = 100;
    try (TestServer.PortBoundTestServer temporal =
            TestServer.createPortBoundServer(temporalPort, true);
        SideEffects effects = new SideEffects();
        Standalone vigil = start(temporalPort, db, effects, data)) {
      Api api = new Api(vigil.port());
      assertThat(api.post("/api/v1/playbooks", "eng", PLAYBOOK).status()).isEqualTo(201);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Future<String>> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          started.add(pool.submit(() -> startRun(api, effects)));
        }
        List<String> runs = new ArrayList<>();
        for (Future<String> f : started) {
          runs.add(f.get());
        }
        List<Future<Integer>> votes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String run = runs.get(i);
          String decision = i % 2 == 0 ? "approve" : "reject";
          votes.add(
              pool.submit(
                  () -> {
                    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
                    return api.post(
                            "/api/v1/runs/" + run + "/approvals/ask",
                            "ben",
                            "{\"decision\": \"" + decision + "\"}")
                        .status();
                  }));
        }
        for (Future<Integer> v : votes) {
          assertThat(v.get()).isEqualTo(200);
        }
        for (int i = 0; i < n; i++) {
          String run = runs.get(i);
          api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
          Api.Res done = api.get("/api/v1/runs/" + run, "ana");
          assertThat(done.at("/status").asText()).isEqualTo("succeeded");
          assertThat(done.at("/outputs/decision").asText())
              .isEqualTo(i % 2 == 0 ? "approved" : "rejected");
          assertThat(effects.count("POST /after/" + run)).isEqualTo(i % 2 == 0 ? 1 : 0);
        }
        assertThat(effects.count("POST /before")).isEqualTo(n);
        assertThat(api.get("/api/v1/approvals?status=pending", "ben").at("/items").size()).isZero();
        assertThat(
                api.get("/api/v1/runs?status=succeeded&playbook=durable&limit=200", "ana")
                    .at("/items")
                    .size())
            .isEqualTo(n);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void cancellingARunTemporalForgotMarksItInterruptedAndSaysSo() {
    int temporalPort = Ports.free();
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    String temporal = "127.0.0.1:" + temporalPort;
    TestServer.PortBoundTestServer first = TestServer.createPortBoundServer(temporalPort, true);
    try (SideEffects effects = new SideEffects();
        ConfigurableApplicationContext api = app(ApiApplication.class, temporal, db, effects);
        ConfigurableApplicationContext worker =
            app(WorkerApplication.class, temporal, db, effects)) {
      Api client = new Api(port(api));
      String run;
      try {
        client.post("/api/v1/playbooks", "eng", PLAYBOOK);
        run = startRun(client, effects);
        client.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
      } finally {
        first.close(); // the embedded Temporal stops and forgets the run
      }
      try (TestServer.PortBoundTestServer restarted =
          TestServer.createPortBoundServer(temporalPort, true)) {
        Api.Res cancel = client.post("/api/v1/runs/" + run + "/cancel", "ana", "{}");
        assertThat(cancel.status()).as(cancel.text()).isEqualTo(409);
        assertThat(cancel.contentType()).startsWith("application/problem+json");
        assertThat(cancel.at("/type").asText()).endsWith("/not-running");
        assertThat(cancel.at("/detail").asText())
            .contains("is interrupted")
            .contains("Temporal no longer knows this run");
        Api.Res after = client.get("/api/v1/runs/" + run, "ana");
        assertThat(after.at("/status").asText()).isEqualTo("interrupted");
        assertThat(after.at("/approvals/0/status").asText()).isEqualTo("interrupted");
        assertThat(client.get("/api/v1/runs?status=interrupted", "ana").text()).contains(run);
        assertThat(client.post("/api/v1/runs/" + run + "/cancel", "ana", "{}").status())
            .isEqualTo(409);

        // one click starts it again from its inputs: a new run, linked both ways
        assertThat(client.post("/api/v1/runs/" + run + "/restart", "vic", "{}").status())
            .as("viewers may not start runs")
            .isEqualTo(403);
        Api.Res again = client.post("/api/v1/runs/" + run + "/restart", "ana", "{}");
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        String second = again.at("/runId").asText();
        assertThat(second).isNotEqualTo(run);
        Api.Res waiting =
            client.await("/api/v1/runs/" + second, "ana", "/status", "waiting_approval");
        assertThat(waiting.at("/inputs")).isEqualTo(after.at("/inputs"));
        assertThat(waiting.at("/playbook")).isEqualTo(after.at("/playbook"));
        assertThat(waiting.at("/restarts/from").asText()).isEqualTo(run);
        assertThat(client.get("/api/v1/runs/" + run, "ana").at("/restarts/as/0").asText())
            .isEqualTo(second);
        Api.Res open = client.post("/api/v1/runs/" + second + "/restart", "ana", "{}");
        assertThat(open.status()).isEqualTo(409);
        assertThat(open.at("/type").asText()).endsWith("/still-running");
        assertThat(client.get("/api/v1/audit?action=run.restart", "aud").text()).contains(second);
      }
    }
  }

  @Test
  void runsTheEmbeddedTemporalForgotAreMarkedInterruptedOnTheNextStart(@TempDir Path data)
      throws Exception {
    int temporalPort = Ports.free();
    int port = Ports.free();
    String run;
    try (SideEffects effects = new SideEffects()) {
      StandaloneSettings settings = new StandaloneSettings(data, port, temporalPort, null, null);
      Api warm = new Api(port); // its API key of ana outlives the restart (PostgreSQL keeps it)
      try (Standalone first =
          Standalone.start(
              settings, Api.args("--vigil.http.allowed-hosts=" + effects.allowlist()))) {
        warm.post("/api/v1/playbooks", "eng", PLAYBOOK);
        run = startRun(warm, effects);
        warm.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
      }
      // The moment health first says UP, the forgotten run must already be interrupted.
      String forgotten = run;
      ExecutorService probe = Executors.newSingleThreadExecutor();
      Future<String> statusWhenUp =
          probe.submit(
              () -> {
                var http = java.net.http.HttpClient.newHttpClient();
                var health =
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/actuator/health"))
                        .build();
                while (true) {
                  try {
                    var r = http.send(health, java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                      return warm.get("/api/v1/runs/" + forgotten, "ana").at("/status").asText();
                    }
                  } catch (java.io.IOException notYet) {
                    // not listening yet
                  }
                  Thread.sleep(20);
                }
              });
      try (Standalone second =
          Standalone.start(
              settings, Api.args("--vigil.http.allowed-hosts=" + effects.allowlist()))) {
        assertThat(statusWhenUp.get(60, java.util.concurrent.TimeUnit.SECONDS))
            .as("the run's status when health first said UP")
            .isEqualTo("interrupted");
        probe.shutdownNow();
        Api api = new Api(port);
        Api.Res r = api.get("/api/v1/runs/" + run, "ana");
        assertThat(r.at("/status").asText()).isEqualTo("interrupted");
        assertThat(r.at("/error/message").asText())
            .contains("embedded Temporal service keeps runs in memory");
        assertThat(r.at("/endedAt").isNull()).isFalse();
        assertThat(r.at("/approvals/0/status").asText()).isEqualTo("interrupted");
        assertThat(api.get("/api/v1/approvals", "ben").text()).doesNotContain(run);
        assertThat(api.get("/api/v1/runs?status=interrupted", "ana").text()).contains(run);
        Api.Res vote =
            api.post(
                "/api/v1/runs/" + run + "/approvals/ask", "ben", "{\"decision\": \"approve\"}");
        assertThat(vote.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/playbooks/durable", "ana").status())
            .as("published playbooks survive")
            .isEqualTo(200);
      }
    }
  }
}
