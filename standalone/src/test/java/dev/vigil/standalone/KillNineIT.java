package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone JVM killed with SIGKILL while 50 runs wait for approval and events stream in, then
 * started again on the same data: every event, vote and audit record that was acknowledged is
 * there, the audit chain verifies, the runs the in-memory Temporal forgot are {@code interrupted},
 * and one click starts one again. The app runs as its own process (the packaged jar), so the kill
 * is real.
 */
class KillNineIT {

  static final Path JAR = Path.of("target/standalone-0.1.0-SNAPSHOT-exec.jar");

  static final String PLAYBOOK =
      """
      {"key": "two-votes", "title": "Two votes", "inputs": {"type": "object", "properties": {"n": {"type": "integer"}}},
       "steps": [{"id": "ok", "approval": {"prompt": "Go ${{ inputs.n }}?", "approvers": {"roles": ["analyst"]}, "quorum": 2}}]}
      """;

  record Vigil(Process process, Api api, Path log) {}

  static Vigil start(Path data, int port, int temporalPort) throws Exception {
    Path log = data.resolve("vigil-" + System.nanoTime() + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("VIGIL_DATA_DIR", data.toString());
    pb.environment().put("VIGIL_PORT", Integer.toString(port));
    pb.environment().put("VIGIL_EMBEDDED_TEMPORAL_PORT", Integer.toString(temporalPort));
    pb.environment().put("VIGIL_BOOTSTRAP_ADMIN_PASSWORD", Api.ADMIN_PASSWORD);
    pb.environment().put("VIGIL_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
    pb.environment().put("VIGIL_LOGIN_RATE_LIMIT", "100000");
    Process p = pb.start();
    Api api = new Api(port);
    long until = System.currentTimeMillis() + 180_000;
    while (true) {
      assertThat(p.isAlive()).as("Vigil runs (log: %s)", tail(log)).isTrue();
      try {
        if (api.sendRaw("GET", "/actuator/health", List.of()).statusCode() == 200) {
          return new Vigil(p, api, log);
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      assertThat(System.currentTimeMillis()).as("up within 3 minutes").isLessThan(until);
      OperationsIT.sleep(500);
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }

  @Test
  void killMinusNineLosesNothingAcknowledged(@TempDir Path data) throws Exception {
    assertThat(JAR).as("the packaged app (mvn package)").exists();
    int port = Ports.free();
    int temporalPort = Ports.free();
    Vigil first = start(data, port, temporalPort);
    Api api = first.api();
    assertThat(api.post("/api/v1/playbooks", "eng", PLAYBOOK).status()).isEqualTo(201);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Api.Res r =
          api.post(
              "/api/v1/runs",
              "ana",
              "{\"playbook\": \"two-votes\", \"inputs\": {\"n\": " + i + "}}");
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      runs.add(r.at("/runId").asText());
    }
    for (String run : runs) {
      api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    }
    // one of the two votes on ten runs: acknowledged (200), the runs still wait
    List<String> voted = runs.subList(0, 10);
    for (String run : voted) {
      Api.Res v =
          api.post(
              "/api/v1/runs/" + run + "/approvals/ok",
              "ben",
              "{\"decision\": \"approve\", \"comment\": \"first of two\"}");
      assertThat(v.status()).as(v.text()).isEqualTo(200);
    }

    // events stream in while the JVM dies: count what was acknowledged (202)
    String key = api.token("eng");
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger sentAfterLastAck = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread shipper =
        new Thread(
            () -> {
              for (int batch = 0; !stop.get(); batch++) {
                String body = OutageIT.sshd("198.51.100.66", (batch * 5) % 3600, 5);
                try {
                  HttpResponse<String> r = OutageIT.ingest(api, key, body, "k9-" + batch);
                  if (r.statusCode() == 202) {
                    acknowledged.addAndGet(5);
                  }
                } catch (RuntimeException connectionLost) {
                  sentAfterLastAck.addAndGet(5); // in flight at the kill: may have committed
                  return;
                }
              }
            });
    shipper.setDaemon(true);
    shipper.start();
    OperationsIT.sleep(3_000);
    first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
    first.process().waitFor();
    stop.set(true);
    shipper.join(60_000);
    int acked = acknowledged.get();
    assertThat(acked).as("events were streaming when the JVM died").isPositive();

    Vigil second = start(data, port, temporalPort);
    try {
      Api again = second.api();
      // every acknowledged event is stored; at most the batches in flight at the kill on top
      long counted = countEvents(again);
      assertThat(counted).isGreaterThanOrEqualTo(acked);
      assertThat(counted).isLessThanOrEqualTo((long) acked + sentAfterLastAck.get() + 5);

      for (String run : runs) {
        Api.Res r = again.get("/api/v1/runs/" + run, "ana");
        assertThat(r.at("/status").asText()).as(run).isEqualTo("interrupted");
      }
      for (String run : voted) {
        Api.Res r = again.get("/api/v1/runs/" + run, "ana");
        assertThat(r.at("/approvals/0/votes").size())
            .as("the acknowledged vote on " + run)
            .isEqualTo(1);
      }
      Api.Res verify = again.get("/api/v1/audit/verify", "aud");
      assertThat(verify.at("/valid").asBoolean()).as(verify.text()).isTrue();
      Api.Res restarted = again.post("/api/v1/runs/" + runs.get(0) + "/restart", "ana", "{}");
      assertThat(restarted.status()).as(restarted.text()).isEqualTo(201);
      again.await(
          "/api/v1/runs/" + restarted.at("/runId").asText(), "ana", "/status", "waiting_approval");
    } finally {
      second.process().destroy();
      second.process().waitFor();
    }
  }

  /** Events of the shipper's address, counted page by page. */
  static long countEvents(Api api) {
    long n = 0;
    String cursor = null;
    do {
      Api.Res page =
          api.get(
              "/api/v1/events?ip=198.51.100.66&from=2025-12-01T00:00:00Z&to=2026-01-01T00:00:00Z"
                  + "&limit=200"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              "eng");
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      n += page.at("/items").size();
      cursor = page.at("/nextCursor").isTextual() ? page.at("/nextCursor").asText() : null;
    } while (cursor != null);
    return n;
  }
}
