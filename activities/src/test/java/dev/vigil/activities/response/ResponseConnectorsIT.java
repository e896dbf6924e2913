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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The response connectors against local servers answering as Okta's Users API and OPNsense's alias
 * API ({@link ResponseStub}), Microsoft Graph and the identity platform's token endpoint,
 * ServiceNow's Table API and Jira Cloud's REST API v3 document (status codes, bodies, error shapes,
 * rate-limit headers); it checks each request's credentials and body as the service would.
 */
class ResponseConnectorsIT {

  static final ObjectMapper JSON = new ObjectMapper();

  TestConnections c;
  HttpServer server;
  String base;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<JsonNode> bodies = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger tokens = new AtomicInteger();
  ResponseStub stub;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    c = TestConnections.start();
    stub = new ResponseStub();
    c.connect(
        "okta", "okta", Map.of("orgUrl", stub.okta()), Map.of("apiToken", ResponseStub.OKTA_TOKEN));
    c.connect(
        "entra",
        "entra",
        Map.of(
            "tenantId", "contoso.onmicrosoft.com",
            "graphBaseUrl", base + "/graph/v1.0",
            "loginBaseUrl", base + "/login"),
        Map.of("clientId", "app-1", "clientSecret", "app-secret"));
    c.connect(
        "fw",
        "opnsense",
        Map.of("url", stub.firewall()),
        Map.of("apiKey", ResponseStub.FW_KEY, "apiSecret", ResponseStub.FW_SECRET));
    c.connect(
        "snow",
        "servicenow",
        Map.of("instanceUrl", base + "/snow"),
        Map.of("username", "vigil", "password", "snow-pass"));
    c.connect(
        "jira",
        "jira",
        Map.of("siteUrl", base + "/jira", "projectKey", "SEC"),
        Map.of("email", "vigil@acme.example", "apiToken", "jira-token"));
    c.handlers(ResponseActions.all(c.resolver(), Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    stub.close();
    c.close();
  }

  <I> Map<String, Object> run(String action, I input) {
    return c.run(action, input);
  }

  static String basic(String u, String p) {
    return "Basic "
        + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      String m = x.getRequestMethod();
      String path = x.getRequestURI().getRawPath();
      requests.add(m + " " + path);
      byte[] raw = x.getRequestBody().readAllBytes();
      String body = new String(raw, StandardCharsets.UTF_8);
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (!body.isEmpty()
          && "application/json".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
        bodies.add(JSON.readTree(body));
      }
      if (path.startsWith("/login/")) {
        boolean ok =
            path.equals("/login/contoso.onmicrosoft.com/oauth2/v2.0/token")
                && body.contains("client_id=app-1")
                && body.contains("client_secret=app-secret")
                && body.contains("grant_type=client_credentials")
                && body.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
        if (ok) {
          tokens.incrementAndGet();
          send(
              x,
              200,
              "{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"ext_expires_in\": 3599, \"access_token\": \"eyJ0-graph\"}");
        } else {
          send(
              x,
              401,
              "{\"error\": \"invalid_client\", \"error_description\": \"AADSTS7000215: Invalid client secret provided.\"}");
        }
      } else if (path.startsWith("/graph/")) {
        if (!"Bearer eyJ0-graph".equals(auth)) {
          send(
              x,
              401,
              "{\"error\": {\"code\": \"InvalidAuthenticationToken\", \"message\": \"Access token is empty.\"}}");
        } else if (path.equals("/graph/v1.0/users/ana%40acme.example") && m.equals("PATCH")) {
          send(x, 204, "");
        } else if (path.equals("/graph/v1.0/users/ana%40acme.example/revokeSignInSessions")
            && m.equals("POST")) {
          send(
              x,
              200,
              "{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean\", \"value\": true}");
        } else {
          send(
              x,
              404,
              "{\"error\": {\"code\": \"Request_ResourceNotFound\", \"message\": \"Resource 'nobody' does not exist or one of its queried reference-property objects are not present.\"}}");
        }
      } else if (path.startsWith("/snow/")) {
        if (!basic("vigil", "snow-pass").equals(auth)) {
          send(
              x,
              401,
              "{\"error\": {\"message\": \"User Not Authenticated\", \"detail\": \"Required to provide Auth information\"}, \"status\": \"failure\"}");
        } else if (path.equals("/snow/api/now/table/incident") && m.equals("POST")) {
          send(
              x,
              201,
              "{\"result\": {\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"number\": \"INC0010001\", \"state\": \"1\", \"short_description\": \"x\"}}");
        } else if (path.startsWith("/snow/api/now/table/incident/") && m.equals("PATCH")) {
          send(
              x,
              200,
              "{\"result\": {\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"number\": \"INC0010001\", \"state\": \"6\"}}");
        } else {
          send(
              x,
              404,
              "{\"error\": {\"message\": \"No Record found\", \"detail\": \"Record doesn't exist or ACL restricts the record retrieval\"}, \"status\": \"failure\"}");
        }
      } else {
        if (!basic("vigil@acme.example", "jira-token").equals(auth)) {
          send(x, 401, "{\"errorMessages\": [\"You are not authenticated.\"], \"errors\": {}}");
        } else if (path.equals("/jira/rest/api/3/issue") && m.equals("POST")) {
          JsonNode fields = bodies.get(bodies.size() - 1).path("fields");
          if (!fields.path("project").path("key").asText().equals("SEC")) {
            send(
                x,
                400,
                "{\"errorMessages\": [], \"errors\": {\"project\": \"Specify a valid project ID or key\"}}");
          } else {
            send(
                x,
                201,
                "{\"id\": \"10000\", \"key\": \"SEC-24\", \"self\": \"https://example.atlassian.net/rest/api/3/issue/10000\"}");
          }
        } else if (path.equals("/jira/rest/api/3/issue/SEC-24/comment") && m.equals("POST")) {
          send(
              x,
              201,
              "{\"id\": \"10010\", \"self\": \"https://example.atlassian.net/rest/api/3/issue/10000/comment/10010\"}");
        } else {
          send(
              x,
              404,
              "{\"errorMessages\": [\"Issue does not exist or you do not have permission to see it.\"], \"errors\": {}}");
        }
      }
    }
  }

  static void send(HttpExchange x, int status, String body) throws IOException {
    ResponseStub.send(x, status, body);
  }

  @Test
  void oktaSuspendsUnsuspendsAndClearsSessionsAndWaitsOutItsRateLimit() {
    var in = new OktaActions.UserInput("okta", "ana@acme.example");
    assertThat(run("okta.user.suspend", in))
        .containsEntry("id", "00u1ana")
        .containsEntry("status", "SUSPENDED");
    assertThat(stub.requests)
        .containsExactly(
            "GET /okta/api/v1/users/ana%40acme.example",
            "POST /okta/api/v1/users/00u1ana/lifecycle/suspend");
    // a retry after the suspend went through changes nothing
    assertThat(run("okta.user.suspend", in)).containsEntry("done", "already suspended");
    assertThat(run("okta.user.unsuspend", in)).containsEntry("status", "ACTIVE");
    assertThat(run("okta.user.clear_sessions", in)).containsEntry("done", "sessions cleared");
    stub.oktaLimited.set(1);
    assertThatThrownBy(() -> run("okta.user.suspend", in))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("OktaUnavailable");
              assertThat(e.getMessage()).contains("rate limit");
              assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));
            });
    assertThatThrownBy(() -> run("okta.user.suspend", new OktaActions.UserInput("okta", "nobody")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("OktaRefused");
              assertThat(e.getMessage()).contains("HTTP 404").contains("Not found");
            });
  }

  @Test
  void entraSignsInOnceThenDisablesEnablesAndRevokes() {
    var in = new EntraActions.UserInput("entra", "ana@acme.example");
    assertThat(run("entra.user.disable", in)).containsEntry("accountEnabled", false);
    assertThat(bodies.get(bodies.size() - 1).path("accountEnabled").asBoolean(true)).isFalse();
    assertThat(run("entra.user.enable", in)).containsEntry("accountEnabled", true);
    assertThat(run("entra.user.revoke_sessions", in)).containsEntry("revoked", true);
    assertThat(tokens.get()).as("one token for all three calls").isEqualTo(1);
    assertThatThrownBy(
            () -> run("entra.user.disable", new EntraActions.UserInput("entra", "nobody")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("EntraRefused");
              assertThat(e.getMessage()).contains("does not exist");
            });
  }

  @Test
  void theFirewallBlocksAndUnblocksThroughItsAliasAndRefusesEverything() {
    assertThat(run("firewall.block_ip", new FirewallActions.IpInput("fw", "203.0.113.7")))
        .containsEntry("blocked", true)
        .containsEntry("alias", "vigil_blocklist");
    assertThat(stub.bodies.get(0).path("address").asText()).isEqualTo("203.0.113.7");
    assertThat(stub.blocked).containsExactly("203.0.113.7");
    assertThat(run("firewall.unblock_ip", new FirewallActions.IpInput("fw", "2001:db8::/48")))
        .containsEntry("unblocked", true);
    for (String bad : List.of("0.0.0.0/0", "not-an-ip", "300.1.1.1", "::/0")) {
      assertThatThrownBy(() -> run("firewall.block_ip", new FirewallActions.IpInput("fw", bad)))
          .as(bad)
          .isInstanceOfSatisfying(
              ActionException.class, e -> assertThat(e.type()).isEqualTo("InvalidInput"));
    }
    assertThat(stub.requests).hasSize(2);
  }

  @Test
  void ticketsOpenInServiceNowAndJira() {
    Map<String, Object> inc =
        run(
            "servicenow.incident.create",
            new TicketActions.SnowCreate(
                "snow",
                "SSH brute force on web-01",
                "203.0.113.7 blocked",
                1,
                2,
                Map.of("category", "security")));
    assertThat(inc)
        .containsEntry("number", "INC0010001")
        .containsEntry("sysId", "9d385017c611228701d22104cc95c371");
    JsonNode sent = bodies.get(0);
    assertThat(sent.path("short_description").asText()).isEqualTo("SSH brute force on web-01");
    assertThat(sent.path("urgency").asText()).isEqualTo("1");
    assertThat(sent.path("category").asText()).isEqualTo("security");
    assertThat(
            run(
                "servicenow.incident.update",
                new TicketActions.SnowUpdate(
                    "snow", "9d385017c611228701d22104cc95c371", "contained", "6", null)))
        .containsEntry("state", "6");

    Map<String, Object> issue =
        run(
            "jira.issue.create",
            new TicketActions.JiraCreate(
                "jira", null, "Contain web-01", "Line one\nLine two", null, List.of("vigil")));
    assertThat(issue)
        .containsEntry("key", "SEC-24")
        .containsEntry("url", base + "/jira/browse/SEC-24");
    JsonNode fields = bodies.get(bodies.size() - 1).path("fields");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("description").path("type").asText()).isEqualTo("doc");
    assertThat(fields.path("description").path("content")).hasSize(2);
    assertThat(
            run("jira.issue.comment", new TicketActions.JiraComment("jira", "SEC-24", "Blocked.")))
        .containsEntry("commentId", "10010");
    assertThatThrownBy(
            () ->
                run(
                    "jira.issue.create",
                    new TicketActions.JiraCreate("jira", "OPS", "x", null, null, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("JiraRefused");
              assertThat(e.getMessage()).contains("HTTP 400").contains("valid project");
            });
  }
}
