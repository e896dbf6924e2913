package dev.vigil.activities.wazuh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.activities.system.ActionException;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.system.FailureTypes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code wazuh.*} actions as a worker runs them: the connection is read from PostgreSQL, its
 * secrets opened with the worker's key, and the calls go to the spec-checking Wazuh stub, which
 * holds Wazuh's own mock agents.
 */
class WazuhActionsIT {

  HikariDataSource db;
  WazuhManagerStub wazuh;
  ConnectionRepository repo;
  SecretBox box;
  ActionActivitiesImpl actions;
  List<JsonNode> mockAgents = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    TestDatabase.execute(
        db, "insert into tenants (id, name) values ('acme', 'Acme'), ('globex', 'Globex')");
    WazuhManagerStub.mock("agents/agent/agents.json")
        .path("data")
        .path("affected_items")
        .forEach(mockAgents::add);
    WazuhManagerStub.mock("agents/agent/agent-windows.json")
        .path("data")
        .path("affected_items")
        .forEach(mockAgents::add);
    wazuh = new WazuhManagerStub(mockAgents.size());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    repo = new ConnectionRepository(db);
    connect("acme", WazuhManagerStub.PASSWORD);
    actions = actions(box);
  }

  ActionActivitiesImpl actions(SecretBox box) {
    return new ActionActivitiesImpl(
        ActionCatalog.bundled(), new WazuhActions(new ConnectionResolver(repo, box)).all());
  }

  void connect(String tenant, String password) {
    repo.create(
        tenant,
        "soc",
        "wazuh",
        Map.of("managerUrl", wazuh.url().toString(), "verifyTls", true),
        List.of("username", "password"),
        box.seal(tenant, "soc", Map.of("username", WazuhManagerStub.USER, "password", password)),
        "admin");
  }

  @AfterEach
  void stop() {
    try {
      assertThat(wazuh.violations).as("requests the Wazuh spec refuses").isEmpty();
    } finally {
      wazuh.close();
      db.close();
    }
  }

  Object run(String tenant, String action, Map<String, Object> with) {
    return actions.invoke(new ActionRequest(tenant, "r1", "s1", action, with), 1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void agentsAreListedInVigilsShapeAndFilteredByStatus() {
    long active =
        mockAgents.stream().filter(a -> a.path("status").asText().equals("active")).count();

    var all = (Map<String, Object>) run("acme", "wazuh.agents.list", Map.of("connection", "soc"));
    var onlyActive =
        (Map<String, Object>)
            run(
                "acme",
                "wazuh.agents.list",
                Map.of("connection", "soc", "status", List.of("active")));

    assertThat((List<?>) all.get("items")).hasSize(mockAgents.size());
    assertThat((List<?>) onlyActive.get("items")).hasSize((int) active);
    var windows = (Map<String, Object>) ((List<?>) all.get("items")).get(mockAgents.size() - 1);
    assertThat(windows)
        .containsEntry("name", "Windows-agent")
        .containsEntry("ip", "111.111.1.111")
        .containsEntry("version", "Wazuh v4.3.10")
        .containsEntry("lastKeepAlive", "2023-03-14T04:20:51Z")
        .containsEntry("groups", List.of("default", "test"));
    assertThat((Map<String, Object>) windows.get("os")).containsEntry("platform", "windows");
  }

  @Test
  void anActiveResponseReportsTheAgentsItDidNotReach() {
    Object out =
        run(
            "acme",
            "wazuh.active_response",
            Map.of(
                "connection",
                "soc",
                "agents",
                List.of("1", "002", "7777"),
                "command",
                "firewall-drop",
                "arguments",
                List.of("203.0.113.7")));

    JsonNode o = Json.toNode(out);
    assertThat(o.path("affected").toString()).isEqualTo("[\"001\",\"002\"]");
    assertThat(o.path("partial").asBoolean()).isTrue();
    assertThat(o.path("failed").get(0).path("ids").toString()).isEqualTo("[\"7777\"]");
    assertThat(o.path("failed").get(0).path("message").asText()).isEqualTo("Agent does not exist");
    assertThat(wazuh.lastActiveResponse.path("command").asText()).isEqualTo("firewall-drop");
    assertThat(wazuh.requests)
        .anyMatch(r -> r.equals("PUT /active-response?agents_list=001,002,7777"));
  }

  @Test
  void anActiveResponseThatReachesNoAgentFailsTheStep() {
    assertThatThrownBy(
            () ->
                run(
                    "acme",
                    "wazuh.active_response",
                    Map.of(
                        "connection",
                        "soc",
                        "agents",
                        List.of("8888"),
                        "command",
                        "firewall-drop")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(WazuhException.REFUSED);
              assertThat(e.getMessage()).contains("[8888]: Agent does not exist (1701)");
            });
  }

  @Test
  void anEmptyAgentListNeverReachesWazuh() {
    // Wazuh reads a missing agents_list as every agent
    assertThatThrownBy(
            () ->
                run(
                    "acme",
                    "wazuh.active_response",
                    Map.of("connection", "soc", "agents", List.of(), "command", "firewall-drop")))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.INVALID_INPUT));
    assertThat(wazuh.requests).isEmpty();
  }

  @Test
  void anotherTenantsConnectionIsNeverFound() {
    assertThatThrownBy(() -> run("globex", "wazuh.agents.list", Map.of("connection", "soc")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ConnectionResolver.NOT_FOUND);
              assertThat(e.getMessage()).contains("does not exist in tenant 'globex'");
            });
    assertThat(wazuh.requests).isEmpty();
  }

  @Test
  void aChangedConnectionIsUsedAtOnce() {
    run("acme", "wazuh.agent.get", Map.of("connection", "soc", "agentId", "001"));
    var current = repo.get("acme", "soc").orElseThrow();
    repo.update(
        "acme",
        "soc",
        current.version(),
        current.config(),
        current.secretNames(),
        box.seal(
            "acme", "soc", Map.of("username", WazuhManagerStub.USER, "password", "rotated-wrong")),
        "secrets",
        "admin");
    wazuh.revokeTokens();

    assertThatThrownBy(
            () -> run("acme", "wazuh.agent.get", Map.of("connection", "soc", "agentId", "001")))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(WazuhException.AUTH_FAILED);
              assertThat(e.getMessage()).doesNotContain("rotated-wrong");
            });
  }

  @Test
  void withoutTheSecretsKeyTheWorkerSaysWhatIsMissing() {
    assertThatThrownBy(
            () ->
                actions(SecretBox.of(null, null))
                    .invoke(
                        new ActionRequest(
                            "acme", "r", "s", "wazuh.agents.list", Map.of("connection", "soc")),
                        1))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ConnectionResolver.UNUSABLE);
              assertThat(e.getMessage()).contains("VIGIL_SECRETS_KEY");
            });
  }

  @Test
  void noAnswerCarriesASecret() {
    Object agent = run("acme", "wazuh.agent.get", Map.of("connection", "soc", "agentId", "003"));
    Object checks =
        run(
            "acme",
            "wazuh.sca.checks",
            Map.of(
                "connection",
                "soc",
                "agentId",
                "003",
                "policyId",
                "cis_debian",
                "result",
                "failed"));

    assertThat(Json.toNode(agent).path("name").asText()).isEqualTo("Windows-agent");
    assertThat(Json.toNode(checks).path("items").get(0).path("result").asText())
        .isEqualTo("failed");
    assertThat(Json.toNode(agent) + "" + Json.toNode(checks))
        .doesNotContain(WazuhManagerStub.PASSWORD);
  }
}
