package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What an operator sees of a Vigil with payload encryption, JSON logs and a Temporal UI: metrics
 * after a run, an approval and ingest; histories in Temporal with nothing in clear; the codec
 * endpoint decrypting for the right people only; log lines as JSON with the request's context and
 * no secret anywhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT {

  static final String PAYLOAD_KEY = "q7Zl3sTqS9mVvT3Jm1l7e8l3r2N9x0bWcQ4p5o6i7u8=";
  static final String FIREWALL_TOKEN = "fw-Token-Never-Logged-7c1e9a55";
  static final String TEMPORAL_UI = "http://localhost:8233";
  static final String IP = "198.51.100.201";

  static Standalone vigil;
  static Api api;
  static SideEffects firewall;
  static String run;

  static final String PLAYBOOK =
      """
      {"key": "ops-check", "title": "Block after approval",
       "inputs": {"type": "object", "required": ["ip", "api"], "properties": {"ip": {"type": "string"}, "api": {"type": "string"}}},
       "steps": [
        {"id": "approve", "approval": {"prompt": "Block ${{ inputs.ip }}?", "approvers": {"roles": ["analyst"]}, "timeout": "1h", "onTimeout": "reject"}},
        {"id": "note", "action": "core.log", "with": {"message": "blocking on approval", "level": "warn"}},
        {"id": "block", "action": "http.request",
         "with": {"method": "POST", "url": "${{ inputs.api }}/block", "json": {"address": "${{ inputs.ip }}"}, "auth": {"secret": "fw_token"}}}
       ],
       "outputs": {"blocked": "${{ steps.block.status == 'succeeded' }}"}}
      """;

  @BeforeAll
  static void start(@TempDir Path data) {
    firewall = new SideEffects();
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args(
                "--vigil.temporal.payload-key=" + PAYLOAD_KEY,
                "--vigil.api.temporal-ui-url=" + TEMPORAL_UI,
                "--logging.structured.format.console=ecs",
                // Spring Boot's own console appender (the tests' logback-test.xml would win)
                "--logging.config=classpath:logback-structured.xml",
                "--vigil.secrets.default.fw_token=" + FIREWALL_TOKEN,
                "--vigil.http.allowed-hosts=" + firewall.allowlist()));
    api = new Api(vigil.port());
    assertThat(api.post("/api/v1/playbooks", "eng", PLAYBOOK).status()).isEqualTo(201);
    Api.Res r =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"ops-check\", \"inputs\": {\"ip\": \""
                + IP
                + "\", \"api\": \""
                + firewall.base()
                + "\"}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    run = r.at("/runId").asText();
    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    Api.Res decided =
        api.post(
            "/api/v1/runs/" + run + "/approvals/approve", "ben", "{\"decision\": \"approve\"}");
    assertThat(decided.status()).as(decided.text()).isEqualTo(200);
    api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(firewall.count("POST /block")).isEqualTo(1);
  }

  @AfterAll
  static void stop() {
    vigil.close();
    firewall.close();
  }

  static String metrics() {
    HttpResponse<String> r = api.sendRaw("GET", "/actuator/prometheus", List.of());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  /** The value of the first series named {@code name} whose labels contain every {@code label}. */
  static double series(String text, String name, String... labels) {
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      boolean all = true;
      for (String l : labels) {
        all &= line.contains(l);
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  static String awaitMetrics(String name, String... labels) {
    long until = System.currentTimeMillis() + 60_000;
    while (true) {
      String text = metrics();
      double v = series(text, name, labels);
      if (!Double.isNaN(v) && v > 0) {
        return text;
      }
      assertThat(System.currentTimeMillis())
          .as(name + " " + List.of(labels) + " within a minute")
          .isLessThan(until);
      sleep(500);
    }
  }

  @Test
  void prometheusShowsTheRunItsStepsTheApprovalAndTheSdksOwnMetrics() {
    String m = awaitMetrics("temporal_workflow_task_schedule_to_start_latency_seconds_count");
    assertThat(series(m, "vigil_runs_started_total", "playbook=\"ops-check\"")).isEqualTo(1.0);
    assertThat(
            series(m, "vigil_runs_ended_total", "playbook=\"ops-check\"", "status=\"succeeded\""))
        .isEqualTo(1.0);
    assertThat(
            series(
                m,
                "vigil_step_duration_seconds_count",
                "action=\"http.request\"",
                "outcome=\"ok\""))
        .isEqualTo(1.0);
    assertThat(m).contains("vigil_step_duration_seconds_bucket{action=\"http.request\"");
    assertThat(series(m, "vigil_approval_wait_seconds_count", "decided_by=\"people\""))
        .isEqualTo(1.0);
    assertThat(m)
        .contains("temporal_workflow_task_schedule_to_start_latency_seconds_bucket")
        .contains("temporal_worker_task_slots_available");
    assertThat(series(m, "vigil_incidents_open", "severity=\"critical\"")).isEqualTo(0.0);
  }

  @Test
  void ingestDetectionsAndIncidentsAreCounted() {
    String key = api.token("eng");
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      log.append("Dec 11 07:00:")
          .append(String.format("%02d", i))
          .append(" web-1 sshd[9")
          .append(i)
          .append("]: Failed password for root from 203.0.113.99 port 4")
          .append(i)
          .append(" ssh2\n");
    }
    Api.Res r =
        api.send(
            "POST",
            "/api/v1/events?source=syslog-sshd&year=2025",
            List.of(
                new String[] {"Authorization", "Bearer " + key},
                new String[] {"Content-Type", "text/plain"}),
            log.toString());
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(r.at("/accepted").asInt()).as(r.text()).isEqualTo(12);
    Api.Res bad =
        api.send(
            "POST",
            "/api/v1/events?source=vigil",
            List.of(
                new String[] {"Authorization", "Bearer " + key},
                new String[] {"Content-Type", "application/json"}),
            "[{\"kind\": 7}]");
    assertThat(bad.at("/rejected").asInt()).isEqualTo(1);
    String m = awaitMetrics("vigil_alerts_raised_total");
    assertThat(series(m, "vigil_events_ingested_total", "source=\"syslog-sshd\""))
        .isEqualTo(r.at("/accepted").asDouble());
    assertThat(series(m, "vigil_events_rejected_total", "source=\"vigil\"")).isEqualTo(1.0);
    assertThat(m).contains("vigil_detection_lag_seconds");
    double alerts = 0;
    for (String line : m.split("\n")) {
      if (line.startsWith("vigil_alerts_raised_total{")) {
        alerts += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertThat(alerts).isEqualTo(api.get("/api/v1/alerts?limit=100", "ana").at("/items").size());
    // open incidents are read from the store every 15 s at most
    long until = System.currentTimeMillis() + 60_000;
    double open = 0;
    while (open == 0 && System.currentTimeMillis() < until) {
      String text = metrics();
      open = 0;
      for (String s : List.of("info", "low", "medium", "high", "critical")) {
        open += series(text, "vigil_incidents_open", "severity=\"" + s + "\"");
      }
      if (open == 0) {
        sleep(1_000);
      }
    }
    int listed = 0;
    for (JsonNode i : api.get("/api/v1/incidents?limit=100", "ana").at("/items")) {
      String status = i.path("status").asText();
      listed += status.equals("resolved") || status.equals("closed") ? 0 : 1;
    }
    assertThat(listed).isPositive();
    assertThat(open).isEqualTo(listed);
  }

  /** The raw history in Temporal, read without the key (what Temporal's database holds). */
  static String rawHistory() {
    WorkflowServiceStubs stubs = vigil.context().getBean(WorkflowServiceStubs.class);
    return WorkflowClient.newInstance(stubs).fetchHistory("run/default/" + run).toJson(false);
  }

  @Test
  void temporalHoldsNothingInClearAndVigilsOwnHistoryViewDecrypts() {
    String raw = rawHistory();
    assertThat(raw)
        .doesNotContain(IP)
        .doesNotContain(FIREWALL_TOKEN)
        .doesNotContain("ops-check")
        .doesNotContain("Block after approval");
    Api.Res history = api.get("/api/v1/runs/" + run + "/history?limit=5", "ana");
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.at("/items/0/details/input/0/inputs/ip").asText()).isEqualTo(IP);
  }

  /** The input payload of the run's first event, as the Temporal UI sends it to the codec. */
  static String codecRequest() throws Exception {
    JsonNode h = Json.parse(rawHistory());
    JsonNode payload = h.at("/events/0/workflowExecutionStartedEventAttributes/input/payloads/0");
    assertThat(payload.isObject()).as(h.toString().substring(0, 300)).isTrue();
    return "{\"payloads\": [" + payload + "]}";
  }

  @Test
  void theCodecEndpointDecryptsForTheTemporalUiOnlyWhatTheCallerMayRead() throws Exception {
    String body = codecRequest();
    // the Temporal UI's request: the user's session cookie, its own origin, no CSRF header
    api.token("ana");
    Api.Session ana = api.login("ana", Api.PASSWORD, "default");
    HttpResponse<String> decoded =
        api.raw(
            HttpRequest.newBuilder(URI.create(api.base + "/api/v1/temporal/codec/decode"))
                .header("Cookie", ana.cookie)
                .header("Origin", TEMPORAL_UI)
                .header("X-Namespace", "default")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
    assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).contains(TEMPORAL_UI);
    JsonNode p = Json.parse(decoded.body()).at("/payloads/0");
    assertThat(text(p.at("/metadata/encoding").asText())).isEqualTo("json/plain");
    assertThat(text(p.at("/data").asText())).contains(IP).contains("ops-check");

    // another tenant's analyst gets the payload back still encrypted
    api.token("globex", "ana");
    Api.Session other = api.login("ana", Api.PASSWORD, "globex");
    HttpResponse<String> refused =
        api.raw(
            HttpRequest.newBuilder(URI.create(api.base + "/api/v1/temporal/codec/decode"))
                .header("Cookie", other.cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(refused.body()).doesNotContain(base64(IP));
    assertThat(text(Json.parse(refused.body()).at("/payloads/0/metadata/encoding").asText()))
        .isEqualTo("binary/encrypted");

    // a preflight from any other origin is refused; from the Temporal UI it is allowed
    HttpResponse<String> evil =
        api.raw(
            HttpRequest.newBuilder(URI.create(api.base + "/api/v1/temporal/codec/decode"))
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(evil.statusCode()).isEqualTo(403);
    HttpResponse<String> ui =
        api.raw(
            HttpRequest.newBuilder(URI.create(api.base + "/api/v1/temporal/codec/decode"))
                .header("Origin", TEMPORAL_UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

    // no session, no decryption; an ingest key may not either; encode is for platform owners
    assertThat(
            api.send(
                    "POST",
                    "/api/v1/temporal/codec/decode",
                    List.<String[]>of(new String[] {"Content-Type", "application/json"}),
                    body)
                .status())
        .isEqualTo(401);
    assertThat(api.post("/api/v1/temporal/codec/encode", "ana", body).status()).isEqualTo(403);
    Api.Res bad =
        api.post(
            "/api/v1/temporal/codec/decode",
            "ana",
            "{\"payloads\": [{\"metadata\": {}, \"data\": \"not base64!\"}]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.at("/errors/0/pointer").asText()).isEqualTo("/payloads/0/data");
  }

  @Test
  void deepLinksIntoTheWebUiLoadTheAppOnReload() {
    // the Temporal UI, notifications and bookmarks link straight to these pages
    for (String path :
        List.of(
            "/incidents/i-1",
            "/alerts/a-1",
            "/nodes",
            "/sources",
            "/detections/sigma",
            "/settings/integrations",
            "/settings/access",
            "/settings/tenant")) {
      HttpResponse<String> r = api.sendRaw("GET", path, List.of());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).contains("<div id=\"root\"");
    }
  }

  @Test
  void aMalformedSettingStopsStartUpNamingIt(@TempDir Path data) {
    for (String[] bad :
        List.of(
            new String[] {"--vigil.temporal.payload-key=c2hvcnQ=", "VIGIL_PAYLOAD_KEY"},
            new String[] {"--vigil.api.temporal-ui-url=localhost-8233", "VIGIL_TEMPORAL_UI_URL"})) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  Standalone.start(
                      new StandaloneSettings(data.resolve(bad[1]), 0, Ports.free(), null, null),
                      Api.args(bad[0])))
          .as(bad[0])
          .hasStackTraceContaining(bad[1]);
    }
  }

  @Test
  void theNodesPageListsTheApiAndTheWorkerWithTheirQueuesForPlatformOwnersOnly() {
    long until = System.currentTimeMillis() + 30_000;
    Api.Res nodes = api.adminSession("default").get("/api/v1/nodes");
    while (nodes.at("/items").size() < 2 && System.currentTimeMillis() < until) {
      sleep(500);
      nodes = api.adminSession("default").get("/api/v1/nodes");
    }
    assertThat(nodes.status()).as(nodes.text()).isEqualTo(200);
    assertThat(nodes.at("/items").findValuesAsText("kind")).containsExactly("api", "worker");
    for (JsonNode n : nodes.at("/items")) {
      assertThat(n.path("state").asText()).isEqualTo("alive");
      assertThat(n.path("health").asText()).isEqualTo("UP");
      assertThat(n.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(n.at("/details/payloadKeys").size()).isEqualTo(1);
      assertThat(n.toString()).doesNotContain(PAYLOAD_KEY);
    }
    JsonNode worker = nodes.at("/items/1");
    assertThat(worker.path("taskQueues").toString())
        .contains("playbook-runs")
        .contains("incidents");
    assertThat(api.get("/api/v1/nodes", "ana").status()).isEqualTo(403);
  }

  @Test
  void logLinesAreJsonWithTheRequestAndRunContextAndHoldNoSecret(CapturedOutput output) {
    HttpResponse<String> r =
        api.sendRaw(
            "GET",
            "/api/v1/runs/" + run,
            List.of(
                new String[] {"Authorization", "Bearer " + api.token("ana")},
                new String[] {"X-Request-Id", "trace-me-42"}));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Request-Id")).contains("trace-me-42");
    HttpResponse<String> fresh =
        api.sendRaw(
            "GET",
            "/api/v1/runs/" + run,
            List.<String[]>of(new String[] {"X-Request-Id", "not a sane id!"}));
    assertThat(fresh.headers().firstValue("X-Request-Id").orElseThrow())
        .as("an id that is not a sane token is replaced")
        .matches("[0-9a-f-]{36}");
    // creating a tenant logs (bundled playbooks published into it) while handling the request
    api.adminSession("initech");
    String all = output.getAll();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : all.split("\n")) {
      if (line.startsWith("{") && line.contains("\"@timestamp\"")) {
        try {
          lines.add(Json.parse(line));
        } catch (java.io.IOException e) {
          throw new AssertionError("a log line that is not JSON: " + line, e);
        }
      }
    }
    assertThat(lines).as("ECS JSON log lines").hasSizeGreaterThan(10);
    JsonNode step =
        lines.stream()
            .filter(l -> l.path("message").asText().contains("blocking on approval"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the core.log step's line"));
    assertThat(step.at("/log/level").asText()).isEqualTo("WARN");
    assertThat(step.path("runId").asText()).isEqualTo(run);
    assertThat(step.path("stepId").asText()).isEqualTo("note");
    assertThat(step.path("tenant").asText()).isEqualTo("default");
    assertThat(step.at("/service/name").asText()).isEqualTo("vigil");
    assertThat(lines)
        .as("lines logged while handling a request carry its id and the caller's tenant")
        .anySatisfy(
            l -> {
              assertThat(l.path("message").asText()).contains("in tenant initech");
              assertThat(l.path("requestId").asText()).isNotEmpty();
              assertThat(l.path("tenant").asText()).isEqualTo("default");
            });
    // the example in docs/operations.md has the shape of the real thing
    JsonNode documented = documentedLogLine();
    documented
        .fieldNames()
        .forEachRemaining(
            k -> assertThat(step.has(k)).as("documented key " + k + " in " + step).isTrue());
    assertThat(documented.at("/log/level").asText()).isEqualTo(step.at("/log/level").asText());
    // nothing secret, anywhere in the output of the whole run
    assertThat(all)
        .doesNotContain(FIREWALL_TOKEN)
        .doesNotContain(PAYLOAD_KEY)
        .doesNotContain(Api.ADMIN_KEY)
        .doesNotContain(Api.ADMIN_PASSWORD)
        .doesNotContain(Api.PASSWORD);
  }

  static JsonNode documentedLogLine() {
    try {
      String doc =
          java.nio.file.Files.readString(
              Path.of("..").toAbsolutePath().normalize().resolve("docs/operations.md"));
      int logs = doc.indexOf("## Logs");
      int start = doc.indexOf("```json\n", logs) + "```json\n".length();
      return Json.parse(doc.substring(start, doc.indexOf("```", start)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String text(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
