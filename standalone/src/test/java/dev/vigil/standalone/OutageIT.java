package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.system.EmbeddedDatabase;
import io.temporal.testserver.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil's dependencies go away under it and come back: while PostgreSQL or Temporal is down the API
 * answers 503 with Retry-After and health is DOWN; a client that retries as told loses nothing;
 * everything recovers without restarting Vigil.
 */
class OutageIT {

  static String sshd(String ip, int from, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      b.append(
          String.format(
              "Dec 11 07:%02d:%02d web-1 sshd[%d]: Failed password for root from %s port %d ssh2%n",
              i / 60, i % 60, 1000 + i, ip, 40000 + i));
    }
    return b.toString();
  }

  static HttpResponse<String> ingest(Api api, String key, String body, String idempotencyKey) {
    return api.sendRaw(
        "POST",
        "/api/v1/events?source=syslog-sshd&year=2025",
        List.of(
            new String[] {"Authorization", "Bearer " + key},
            new String[] {"Content-Type", "text/plain"},
            new String[] {"Idempotency-Key", idempotencyKey}),
        body);
  }

  /** What an ingest client does: send, and on 503 wait as Retry-After says and send again. */
  static HttpResponse<String> ingestRetrying(Api api, String key, String body, String id) {
    long until = System.currentTimeMillis() + 90_000;
    while (true) {
      HttpResponse<String> r = ingest(api, key, body, id);
      if (r.statusCode() != 503) {
        return r;
      }
      assertThat(System.currentTimeMillis()).as("recovered within 90 s").isLessThan(until);
      long wait = Long.parseLong(r.headers().firstValue("Retry-After").orElse("1"));
      OperationsIT.sleep(Math.min(wait, 2) * 1000);
    }
  }

  static int health(Api api) {
    return api.sendRaw("GET", "/actuator/health", List.of()).statusCode();
  }

  @Test
  void postgresqlStoppedUnderLoadMeans503ThenRecoveryWithNoEventLost(@TempDir Path data)
      throws Exception {
    int pgPort = Ports.free();
    EmbeddedDatabase pg = EmbeddedDatabase.start(data.resolve("pg"), pgPort);
    Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, pg.jdbcUrl("postgres")),
            Api.args(
                "--spring.datasource.username=" + EmbeddedDatabase.USER,
                "--spring.datasource.password="));
    try {
      Api api = new Api(vigil.port());
      String key = api.token("eng");
      assertThat(ingest(api, key, sshd("203.0.113.77", 0, 10), "before").statusCode())
          .isEqualTo(202);

      pg.close();
      HttpResponse<String> down = ingest(api, key, sshd("203.0.113.77", 10, 10), "during");
      assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).contains("5");
      assertThat(down.body()).contains("/problems/unavailable").contains("PostgreSQL");
      assertThat(health(api)).as("health while PostgreSQL is down").isEqualTo(503);
      Api.Res read = api.get("/api/v1/runs", "eng");
      assertThat(read.status()).as("reads say so too, not 500").isEqualTo(503);

      List<HttpResponse<String>> answers = new ArrayList<>();
      Thread restart =
          new Thread(
              () -> {
                OperationsIT.sleep(5_000);
                pgRestarted[0] = EmbeddedDatabase.start(data.resolve("pg"), pgPort);
              });
      restart.start();
      answers.add(ingestRetrying(api, key, sshd("203.0.113.77", 10, 10), "during"));
      answers.add(ingestRetrying(api, key, sshd("203.0.113.77", 20, 10), "after"));
      assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(202));
      restart.join();
      // the same batch retried after the outage was stored once, and nothing is missing
      HttpResponse<String> replay =
          ingestRetrying(api, key, sshd("203.0.113.77", 10, 10), "during");
      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
      assertThat(replay.headers().firstValue("Idempotency-Replayed")).contains("true");
      // a read may still meet a connection the outage broke (503, retry as told); the events are
      // all there once it answers
      String search =
          "/api/v1/events?ip=203.0.113.77&from=2025-12-01T00:00:00Z&to=2026-01-01T00:00:00Z"
              + "&limit=100";
      Api.Res events = api.get(search, "eng");
      long readUntil = System.currentTimeMillis() + 30_000;
      while (events.status() == 503 && System.currentTimeMillis() < readUntil) {
        OperationsIT.sleep(1_000);
        events = api.get(search, "eng");
      }
      assertThat(events.status()).as(events.text()).isEqualTo(200);
      assertThat(events.at("/items").size()).isEqualTo(30);
      long until = System.currentTimeMillis() + 30_000;
      while (health(api) != 200 && System.currentTimeMillis() < until) {
        OperationsIT.sleep(500);
      }
      assertThat(health(api)).as("health recovered by itself").isEqualTo(200);
    } finally {
      vigil.close();
      if (pgRestarted[0] != null) {
        pgRestarted[0].close();
      }
    }
  }

  final EmbeddedDatabase[] pgRestarted = new EmbeddedDatabase[1];

  @Test
  void temporalUnreachableMeansHealthDownAnd503ThenAutomaticRecovery(@TempDir Path data)
      throws Exception {
    int port = Ports.free();
    TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port, true);
    Standalone vigil =
        Standalone.start(new StandaloneSettings(data, 0, 0, "127.0.0.1:" + port, null), Api.args());
    try {
      Api api = new Api(vigil.port());
      String playbook =
          """
          {"key": "ping", "title": "Ping", "steps": [
            {"id": "say", "action": "core.echo", "with": {"value": "pong"}}]}
          """;
      assertThat(api.post("/api/v1/playbooks", "eng", playbook).status()).isEqualTo(201);
      String start = "{\"playbook\": \"ping\", \"inputs\": {}}";
      Api.Res ok = api.post("/api/v1/runs", "ana", start);
      assertThat(ok.status()).as(ok.text()).isEqualTo(201);
      api.await("/api/v1/runs/" + ok.at("/runId").asText(), "ana", "/status", "succeeded");

      temporal.close();
      assertThat(health(api)).as("health while Temporal is down").isEqualTo(503);
      HttpResponse<String> refused =
          api.sendRaw(
              "POST",
              "/api/v1/runs",
              List.of(
                  new String[] {"Authorization", "Bearer " + api.token("ana")},
                  new String[] {"Content-Type", "application/json"}),
              start);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();

      temporal = TestServer.createPortBoundServer(port, true);
      long until = System.currentTimeMillis() + 60_000;
      while (health(api) != 200 && System.currentTimeMillis() < until) {
        OperationsIT.sleep(500);
      }
      assertThat(health(api)).as("health recovered by itself").isEqualTo(200);
      Api.Res again = api.post("/api/v1/runs", "ana", start);
      assertThat(again.status()).as(again.text()).isEqualTo(201);
      api.await("/api/v1/runs/" + again.at("/runId").asText(), "ana", "/status", "succeeded");
    } finally {
      vigil.close();
      temporal.close();
    }
  }
}
