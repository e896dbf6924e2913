package dev.vigil.activities.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.activities.connection.TestConnections;
import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Morpheus and OpsRamp against a local server answering as their API references document. */
class HybridCloudIT {

  static final ObjectMapper JSON = new ObjectMapper();

  TestConnections c;
  HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger tokens = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    c = TestConnections.start();
    c.connect("morpheus", "morpheus", Map.of("url", base + "/m"), Map.of("accessToken", "m-token"));
    c.connect(
        "opsramp",
        "opsramp",
        Map.of("url", base + "/o", "tenantId", "client_42"),
        Map.of("clientId", "ck", "clientSecret", "cs"));
    c.handlers(new HybridCloudActions(c.resolver(), Clock.systemUTC()).all());
  }

  @AfterEach
  void stop() {
    server.stop(0);
    c.close();
  }

  <I> Map<String, Object> run(String action, I input) {
    return c.run(action, input);
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      String path =
          x.getRequestURI().getRawPath()
              + (x.getRequestURI().getRawQuery() == null
                  ? ""
                  : "?" + x.getRequestURI().getRawQuery());
      requests.add(x.getRequestMethod() + " " + path);
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (body.startsWith("{")) {
        bodies.add(JSON.readTree(body));
      }
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (path.startsWith("/m/")) {
        if (!"Bearer m-token".equals(auth)) {
          send(x, 401, "{\"success\": false, \"msg\": \"Unauthorized\"}");
        } else if (path.equals("/m/api/instances/7/suspend")
            || path.equals("/m/api/instances/7/snapshot")) {
          send(x, 200, "{\"success\": true}");
        } else if (path.equals("/m/api/task-sets/3/execute")) {
          send(x, 200, "{\"success\": true, \"jobExecution\": {\"id\": 881}}");
        } else {
          send(x, 200, "{\"success\": false, \"msg\": \"Instance not found\"}");
        }
      } else if (path.equals("/o/auth/oauth/token")) {
        boolean ok =
            body.contains("client_id=ck")
                && body.contains("client_secret=cs")
                && body.contains("grant_type=client_credentials");
        if (ok) {
          tokens.incrementAndGet();
        }
        send(
            x,
            ok ? 200 : 401,
            ok
                ? "{\"access_token\": \"o-token\", \"token_type\": \"bearer\", \"expires_in\": 7199, \"scope\": \"global:manage\"}"
                : "{\"error\": \"invalid_client\", \"error_description\": \"Bad client credentials\"}");
      } else if (!"Bearer o-token".equals(auth)) {
        send(x, 401, "{\"error\": \"invalid_token\"}");
      } else if (path.equals("/o/api/v2/tenants/client_42/incidents")
          && x.getRequestMethod().equals("POST")) {
        send(x, 200, "{\"id\": \"INC0000101\"}");
      } else if (path.startsWith("/o/api/v2/tenants/client_42/incidents/INC0000101")) {
        send(x, 200, "{\"id\": \"INC0000101\"}");
      } else if (path.startsWith("/o/api/v2/tenants/client_42/alerts/search?queryString=")) {
        send(
            x,
            200,
            "{\"results\": [{\"id\": \"1\", \"subject\": \"CPU high\", \"currentState\": \"CRITICAL\"}], \"totalResults\": 1, \"pageNo\": 1, \"pageSize\": 100, \"nextPage\": false}");
      } else {
        send(x, 400, "{\"code\": \"0005\", \"message\": \"Invalid incident id\"}");
      }
    }
  }

  static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  @Test
  void morpheusRunsAWorkflowSnapshotsAndSuspendsAndItsRefusalsAreNotRetried() {
    assertThat(
            run(
                "morpheus.workflow.execute",
                new HybridCloudActions.WorkflowInput("morpheus", 3, 7)))
        .containsEntry("jobExecutionId", "881");
    assertThat(bodies.get(0).path("job").path("instances").get(0).asLong()).isEqualTo(7);
    assertThat(
            run(
                "morpheus.instance.snapshot",
                new HybridCloudActions.InstanceInput("morpheus", 7, "before-containment")))
        .containsEntry("snapshot", "before-containment");
    assertThat(
            run(
                "morpheus.instance.suspend",
                new HybridCloudActions.InstanceInput("morpheus", 7, null)))
        .containsEntry("suspended", true);
    assertThat(requests)
        .containsExactly(
            "POST /m/api/task-sets/3/execute",
            "PUT /m/api/instances/7/snapshot",
            "PUT /m/api/instances/7/suspend");
    assertThatThrownBy(
            () ->
                run(
                    "morpheus.instance.suspend",
                    new HybridCloudActions.InstanceInput("morpheus", 99, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("MorpheusRefused");
              assertThat(e.getMessage()).contains("Instance not found");
            });
  }

  @Test
  void opsRampSignsInOnceThenOpensUpdatesAndQueries() {
    assertThat(
            run(
                "opsramp.incident.create",
                new HybridCloudActions.IncidentCreate(
                    "opsramp", "SSH brute force", "blocked", "P2")))
        .containsEntry("incidentId", "INC0000101");
    assertThat(bodies.get(0).path("priority").asText()).isEqualTo("P2");
    assertThat(
            run(
                "opsramp.incident.update",
                new HybridCloudActions.IncidentUpdate("opsramp", "INC0000101", "Resolved", null)))
        .containsEntry("updated", true);
    Map<String, Object> q =
        run(
            "opsramp.alert.query",
            new HybridCloudActions.AlertQuery("opsramp", "currentState:CRITICAL", null));
    assertThat(q).containsEntry("total", 1L).containsEntry("truncated", false);
    assertThat(tokens.get()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                run(
                    "opsramp.incident.update",
                    new HybridCloudActions.IncidentUpdate("opsramp", "NOPE", "Resolved", null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("OpsRampRefused");
              assertThat(e.getMessage()).contains("Invalid incident id");
            });
  }
}
