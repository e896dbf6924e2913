package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.wazuh.WazuhManagerStub;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Wazuh connection end to end: an admin adds it and tests it (a worker logs in to the
 * spec-checking Wazuh stub, which answers from Wazuh's own mocks), and a playbook's active response
 * waits for an analyst's approval, then reaches exactly the agents it names. The connection's
 * password never appears in an answer or in the (decoded) run history.
 */
class WazuhConnectorIT {

  static Standalone vigil;
  static Api api;
  static WazuhManagerStub wazuh;
  static dev.vigil.activities.wazuh.WazuhIndexerStub indexer;

  /** The example of docs/integrations.md, run here end to end. */
  static final String BLOCK = DocExamples.json("integrations.md", "gated active response");

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    wazuh = new WazuhManagerStub(11);
    indexer = new dev.vigil.activities.wazuh.WazuhIndexerStub();
    // alerts of the last ten minutes, settled (the sync leaves the newest minute for later)
    indexer.index(700, java.time.Instant.now().minus(java.time.Duration.ofMinutes(10)), 500, 4);
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.wazuh.auto-sync=true"));
    api = new Api(vigil.port());
    api.member("default", "eng", "engineer");
    api.member("default", "ana", "analyst");
    connect("soc", WazuhManagerStub.PASSWORD);
  }

  @AfterAll
  static void stop() {
    try {
      assertThat(wazuh.violations).as("requests the Wazuh spec refuses").isEmpty();
    } finally {
      vigil.close();
      wazuh.close();
      indexer.close();
    }
  }

  static void connect(String name, String password) {
    String config =
        "{\"managerUrl\": \"" + wazuh.url() + "\", \"indexerUrl\": \"" + indexer.url() + "\"}";
    String secrets =
        "{\"username\": \""
            + WazuhManagerStub.USER
            + "\", \"password\": \""
            + password
            + "\", \"indexerUsername\": \""
            + dev.vigil.activities.wazuh.WazuhIndexerStub.USER
            + "\", \"indexerPassword\": \""
            + dev.vigil.activities.wazuh.WazuhIndexerStub.PASSWORD
            + "\"}";
    Api.Res r =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \""
                + name
                + "\", \"provider\": \"wazuh\", \"config\": "
                + config
                + ", \"secrets\": "
                + secrets
                + "}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  @Test
  void anAdminTestsAConnectionOnAWorker() {
    Api.Res ok = api.post("/api/v1/integrations/soc/test", "admin", "{}");

    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(ok.at("/ok").asBoolean()).as(ok.text()).isTrue();
    assertThat(ok.at("/message").asText())
        .isEqualTo(
            "Wazuh manager v4.12.1 at " + wazuh.url() + " answered user wazuh-wui; 11 agents");
    assertThat(ok.at("/latencyMs").asLong()).isNotNegative();
    assertThat(ok.text()).doesNotContain(WazuhManagerStub.PASSWORD);

    Api.Res audit = api.get("/api/v1/audit?action=integration.test", "admin");
    assertThat(audit.text()).contains("integration/soc").doesNotContain(WazuhManagerStub.PASSWORD);
  }

  @Test
  void aRefusedPasswordIsAnAnswerNotAnError() {
    connect("soc-bad", "not-the-password");

    Api.Res r = api.post("/api/v1/integrations/soc-bad/test", "admin", "{}");

    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.at("/ok").asBoolean()).isFalse();
    assertThat(r.at("/message").asText())
        .isEqualTo("Wazuh refused the credentials of user 'wazuh-wui' (401)");
    assertThat(r.text()).doesNotContain("not-the-password");
  }

  @Test
  void testingNeedsTheRightToManageAndAConnectionOfTheTenant() {
    assertThat(api.post("/api/v1/integrations/soc/test", "eng", "{}").status()).isEqualTo(403);
    assertThat(api.post("/api/v1/integrations/nope/test", "admin", "{}").status()).isEqualTo(404);
    String gus = api.token("globex", "own");
    assertThat(api.withKey("POST", "/api/v1/integrations/soc/test", gus, "{}").status())
        .as("another tenant's owner")
        .isEqualTo(404);
  }

  @Test
  void anActiveResponseWaitsForApprovalThenReachesTheNamedAgents() {
    Api.Res published = api.post("/api/v1/playbooks", "eng", BLOCK);
    assertThat(published.status()).as(published.text()).isEqualTo(201);
    Api.Res started =
        api.post(
            "/api/v1/runs",
            "eng",
            "{\"playbook\": \"wazuh-block\", \"inputs\": {\"ip\": \"203.0.113.7\", \"agents\": [\"001\", \"002\", \"003\", \"004\", \"005\", \"006\"]}}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String run = started.at("/runId").asText();
    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    assertThat(wazuh.requests).noneMatch(r -> r.startsWith("PUT /active-response"));

    Api.Res vote =
        api.post("/api/v1/runs/" + run + "/approvals/ok", "ana", "{\"decision\": \"approve\"}");
    assertThat(vote.status()).as(vote.text()).isEqualTo(200);
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");

    assertThat(wazuh.requests).contains("PUT /active-response?agents_list=001,002,003,004,005,006");
    assertThat(wazuh.lastActiveResponse.toString())
        .isEqualTo("{\"command\":\"firewall-drop\",\"arguments\":[\"203.0.113.7\"]}");
    JsonNode block = null;
    for (JsonNode s : done.at("/steps")) {
      block = s.path("id").asText().equals("block") ? s : block;
    }
    assertThat(block).as(done.text()).isNotNull();
    assertThat(block.at("/output/affected").size()).isEqualTo(6);
    assertThat(block.at("/output/partial").asBoolean()).isFalse();
    Api.Res history = api.get("/api/v1/runs/" + run + "/history?limit=100", "ana");
    assertThat(history.status()).as(history.text()).isEqualTo(200);
    assertThat(history.at("/nextCursor").isNull() || history.at("/nextCursor").isMissingNode())
        .as("the whole history in one page")
        .isTrue();
    assertThat(history.text())
        .contains("\"connection\":\"soc\"")
        .doesNotContain(WazuhManagerStub.PASSWORD);
  }

  @Test
  void theSyncFillsTheWazuhAppAndItsStatus() {
    Api.Res agents = api.await("/api/v1/wazuh/soc/agents?limit=5", "ana", "/items/4/id", "004");
    assertThat(agents.at("/items").size()).isEqualTo(5);
    assertThat(agents.at("/nextCursor").asText()).isNotEmpty();
    assertThat(agents.at("/syncedAt").asText()).isNotEmpty();
    Api.Res rest =
        api.get(
            "/api/v1/wazuh/soc/agents?limit=50&cursor=" + agents.at("/nextCursor").asText(), "ana");
    assertThat(rest.at("/items").size()).isEqualTo(6);
    Api.Res windows = api.get("/api/v1/wazuh/soc/agents/010", "ana");
    assertThat(windows.status()).as(windows.text()).isEqualTo(200);
    assertThat(windows.at("/os/platform").asText()).isEqualTo("windows");
    Api.Res found = api.get("/api/v1/wazuh/soc/agents?status=active&q=windows", "ana");
    List<String> ids = new java.util.ArrayList<>();
    found.at("/items").forEach(a -> ids.add(a.path("id").asText()));
    assertThat(ids)
        .as("the two Windows agents of the mocks, by name")
        .containsExactly("003", "010");
    assertThat(api.get("/api/v1/wazuh/soc/agents?status=sleeping", "ana").status()).isEqualTo(422);
    assertThat(api.get("/api/v1/wazuh/soc/agents/999", "ana").status()).isEqualTo(404);

    Api.Res sca =
        api.await(
            "/api/v1/wazuh/soc/agents/001/sca", "ana", "/items/0/policyId", "cis_ubuntu20-04");
    assertThat(sca.at("/items/0/score").asInt()).isEqualTo(39);

    Api.Res status = api.await("/api/v1/wazuh/soc/status", "ana", "/alertsIngested", "700");
    assertThat(status.at("/lastError").isNull()).as(status.text()).isTrue();
    assertThat(status.at("/indexer").asBoolean()).isTrue();
    assertThat(status.at("/lag/agents").asLong()).isNotNegative();
    Api.Res events = api.get("/api/v1/events?limit=1", "ana");
    // each connection's alerts are its own events (soc-bad reads the same indexer)
    assertThat(events.at("/items/0/source/integration").asText()).isIn("soc", "soc-bad");
    assertThat(events.at("/items/0/source/format").asText()).isEqualTo("wazuh-alert");

    // the agent page's alerts timeline: exactly the indexed alerts about agent 010, newest first
    long about010 =
        indexer.sources().stream()
            .filter(a -> a.path("agent").path("id").asText().equals("010"))
            .count();
    assertThat(about010).as("the real alerts include some about agent 010").isPositive();
    List<String> times = new java.util.ArrayList<>();
    java.util.Set<String> eventIds = new java.util.HashSet<>();
    String cursor = null;
    do {
      Api.Res page =
          api.get(
              "/api/v1/wazuh/soc/agents/010/alerts?limit=40"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              "ana");
      assertThat(page.status()).as(page.text()).isEqualTo(200);
      page.at("/items")
          .forEach(
              a -> {
                times.add(a.path("time").asText());
                eventIds.add(a.path("eventId").asText());
                assertThat(a.path("ruleId").asText()).isNotEmpty();
                assertThat(a.path("level").asInt(-1)).as(a.toString()).isBetween(0, 15);
              });
      cursor = page.at("/nextCursor").isTextual() ? page.at("/nextCursor").asText() : null;
    } while (cursor != null);
    assertThat(eventIds).hasSize((int) about010);
    assertThat(times)
        .isSortedAccordingTo(java.util.Comparator.comparing(java.time.Instant::parse).reversed());
    assertThat(api.get("/api/v1/wazuh/soc/agents/999/alerts", "ana").status()).isEqualTo(404);

    assertThat(api.post("/api/v1/wazuh/soc/sync", "ana", "{}").status())
        .as("analysts read only")
        .isEqualTo(403);
    Api.Res paused = api.post("/api/v1/wazuh/soc/sync/pause", "eng", "{}");
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.at("/paused").asBoolean()).isTrue();
    Api.Res resumed = api.post("/api/v1/wazuh/soc/sync/resume", "eng", "{}");
    assertThat(resumed.at("/paused").asBoolean()).isFalse();
    assertThat(api.post("/api/v1/wazuh/soc/sync", "eng", "{}").status()).isEqualTo(200);
    String gus = api.token("globex", "own");
    assertThat(api.withKey("GET", "/api/v1/wazuh/soc/agents", gus, null).status())
        .as("another tenant's owner")
        .isEqualTo(404);
  }

  @Test
  void failedScaChecksAreReadLiveAndTheBundledResponseWaitsForASecondAnalyst() {
    api.await("/api/v1/wazuh/soc/agents/001", "ana", "/id", "001");
    Api.Res checks = api.get("/api/v1/wazuh/soc/agents/001/sca/cis_debian/checks", "ana");
    assertThat(checks.status()).as(checks.text()).isEqualTo(200);
    assertThat(checks.at("/items/0/remediation").asText()).startsWith("For new installations");
    assertThat(checks.at("/total").asLong()).isEqualTo(191);
    assertThat(wazuh.requests)
        .anyMatch(r -> r.startsWith("GET /sca/001/checks/cis_debian?result=failed"));
    Api.Res fim = api.get("/api/v1/wazuh/soc/agents/001/fim", "ana");
    assertThat(fim.status()).as(fim.text()).isEqualTo(200);
    assertThat(fim.at("/items").size()).isPositive();
    assertThat(
            api.get("/api/v1/wazuh/soc/agents/001/sca/cis_debian/checks?result=maybe", "ana")
                .status())
        .isEqualTo(422);

    api.member("default", "bo", "analyst");
    Api.Res started =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"wazuh-active-response\", \"inputs\": {\"connection\": \"soc\", \"agents\": [\"001\"],"
                + " \"command\": \"firewall-drop\", \"arguments\": [\"198.51.100.9\"], \"reason\": \"brute force\"}}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String run = started.at("/runId").asText();
    api.await("/api/v1/runs/" + run, "bo", "/status", "waiting_approval");
    assertThat(
            api.post(
                    "/api/v1/runs/" + run + "/approvals/approve",
                    "ana",
                    "{\"decision\": \"approve\"}")
                .status())
        .as("the starter does not approve their own response")
        .isEqualTo(403);
    Api.Res vote =
        api.post("/api/v1/runs/" + run + "/approvals/approve", "bo", "{\"decision\": \"approve\"}");
    assertThat(vote.status()).as(vote.text()).isEqualTo(200);
    api.await("/api/v1/runs/" + run, "bo", "/status", "succeeded");
    assertThat(wazuh.requests).contains("PUT /active-response?agents_list=001");

    Api.Res restart =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"wazuh-restart-agent\", \"inputs\": {\"connection\": \"soc\", \"agentId\": \"002\"}}");
    assertThat(restart.status()).as(restart.text()).isEqualTo(201);
    String r2 = restart.at("/runId").asText();
    api.await("/api/v1/runs/" + r2, "bo", "/status", "waiting_approval");
    assertThat(wazuh.requests).noneMatch(r -> r.startsWith("PUT /agents/002/restart"));
    api.post("/api/v1/runs/" + r2 + "/approvals/approve", "bo", "{\"decision\": \"approve\"}");
    api.await("/api/v1/runs/" + r2, "bo", "/status", "succeeded");
    assertThat(wazuh.requests).contains("PUT /agents/002/restart");
  }

  @Test
  void anAgentDisconnectedLongerThanTheTenantAllowsRaisesOneAlert() {
    // disconnected-agent-2 of Wazuh's mocks last answered in March 2023 (agent 009 here)
    Api.Res alerts =
        api.await(
            "/api/v1/alerts?rule=wazuh-agent-disconnected&limit=50",
            "ana",
            "/items/0/rule/key",
            "wazuh-agent-disconnected");
    assertThat(alerts.at("/items/0/title").asText())
        .startsWith("Wazuh agent 009 (disconnected-agent-2) of soc disconnected since 2023-03-14");
    assertThat(alerts.at("/items").size())
        .as("one alert per long disconnection (agent 008's keep-alive is the manager's 9999)")
        .isEqualTo(1);

    Api.Res bad =
        api.withKey(
            "PATCH",
            "/api/v1/settings",
            api.token("admin"),
            "{\"agentDisconnectedAfter\": \"soon\"}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.text()).contains("/agentDisconnectedAfter");
    Api.Res ok =
        api.withKey(
            "PATCH",
            "/api/v1/settings",
            api.token("admin"),
            "{\"agentDisconnectedAfter\": \"4h\"}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(api.get("/api/v1/settings", "ana").at("/agentDisconnectedAfter").asText())
        .isEqualTo("4h");
  }

  @Test
  void aWideActiveResponseWithoutAGateIsNotPublished() {
    String ungated = BLOCK.replace("\"when\": \"${{ steps.ok.outcome == 'approved' }}\",", "");
    Api.Res r =
        api.post("/api/v1/playbooks", "eng", ungated.replace("wazuh-block", "wazuh-ungated"));

    assertThat(r.status()).as(r.text()).isEqualTo(422);
    assertThat(r.text()).contains("/steps/1/with/agents").contains("blastRadius of 5");
  }

  @Test
  void aMissingConnectionWarnsWhenLintingAndRefusesPublishing() {
    String other =
        BLOCK.replace("\"soc\"", "\"soc-elsewhere\"").replace("wazuh-block", "wazuh-elsewhere");
    Api.Res lint = api.post("/api/v1/playbooks/validate", "eng", other);
    assertThat(lint.status()).as(lint.text()).isEqualTo(200);
    assertThat(lint.text()).contains("there is no connection 'soc-elsewhere' in this tenant");
    Api.Res publish = api.post("/api/v1/playbooks", "eng", other);
    assertThat(publish.status()).as(publish.text()).isEqualTo(422);
  }
}
