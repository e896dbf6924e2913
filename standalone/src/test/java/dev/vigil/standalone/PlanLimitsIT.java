package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every limit of a plan at its boundary: at the limit the work is done, one over it is refused with
 * a 402 problem naming the limit, the plan's maximum, the tenant's usage and the plan that lifts it
 * — and nothing of the refused request is kept. The installation grants its tenants a small plan of
 * its own plans file (VIGIL_BILLING_PLANS, VIGIL_BILLING_PLAN).
 */
class PlanLimitsIT {

  static final String PLANS =
      """
      {"plans": {
        "tiny": {"title": "Tiny", "limits": {"members": 3, "scansPerDay": 2,
          "concurrentScans": 1, "runsPerMonth": 3, "eventRetentionDays": 7, "eventsPerDay": 5,
          "fileStorageBytes": 100}, "modules": ["scans", "downloads", "advanced_playbooks"]},
        "team": {"title": "Team", "limits": {"members": 25},
          "modules": ["wazuh", "scans", "downloads", "advanced_playbooks"]}
      }}
      """;

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    Path plans = data.resolve("plans.json");
    Files.writeString(plans, PLANS);
    vigil =
        Standalone.start(
            new StandaloneSettings(data.resolve("vigil"), 0, Ports.free(), null, null),
            Api.args("--vigil.billing.plans=" + plans, "--vigil.billing.plan=tiny"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  /** The 402 of {@code limit}: its maximum, the usage, the plan and the plan that lifts it. */
  static void overLimit(Api.Res r, String limit, long max, long usage) {
    assertThat(r.status()).as(r.text()).isEqualTo(402);
    assertThat(r.at("/type").asText()).endsWith("/plan-limit");
    assertThat(r.at("/limit").asText()).isEqualTo(limit);
    assertThat(r.at("/max").asLong()).isEqualTo(max);
    assertThat(r.at("/usage").asLong()).isEqualTo(usage);
    assertThat(r.at("/plan").asText()).isEqualTo("tiny");
    assertThat(r.at("/upgradeTo").asText()).isEqualTo("team");
    assertThat(r.at("/detail").asText()).contains("Tiny plan allows " + max + " for " + limit);
  }

  static long usage(String limit) {
    return api.get("/api/v1/entitlements", "admin").at("/usage/" + limit).asLong();
  }

  static String member(String name) {
    return "{\"username\": \""
        + name
        + "\", \"role\": \"analyst\", \"password\": \""
        + Api.PASSWORD
        + "\"}";
  }

  @Test
  void membersUpToThePlansNumber() {
    assertThat(usage("members")).as("the bootstrap owner").isEqualTo(1);
    assertThat(api.post("/api/v1/users", "admin", member("lim-a")).status()).isEqualTo(201);
    Api.Res third = api.post("/api/v1/users", "admin", member("lim-b"));
    assertThat(third.status()).as("the third member: at the limit").isEqualTo(201);
    overLimit(api.post("/api/v1/users", "admin", member("lim-c")), "members", 3, 3);
    assertThat(api.get("/api/v1/users", "admin").text()).doesNotContain("lim-c");
    assertThat(usage("members")).isEqualTo(3);
  }

  static Api.Res ingest(int n) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines
          .append("{\"time\": \"")
          .append(Instant.now())
          .append("\", \"category\": \"ops\", \"type\": \"log\", \"message\": \"limit ")
          .append(i)
          .append("\"}\n");
    }
    return api.send(
        "POST",
        "/api/v1/events?source=vigil",
        List.of(
            new String[] {"Authorization", "Bearer " + Api.ADMIN_KEY},
            new String[] {"Content-Type", "application/x-ndjson"}),
        lines.toString());
  }

  @Test
  void eventsPerDayCountAcceptedEventsAndABatchThatWouldPassTheLimitIsRefusedWhole() {
    assertThat(ingest(3).at("/accepted").asInt()).isEqualTo(3);
    Api.Res atLimit = ingest(2);
    assertThat(atLimit.status()).as(atLimit.text()).isEqualTo(202);
    assertThat(atLimit.at("/accepted").asInt()).isEqualTo(2);
    overLimit(ingest(1), "eventsPerDay", 5, 5);
    assertThat(usage("eventsPerDay")).isEqualTo(5);
    assertThat(api.get("/api/v1/events?q=limit", "admin").at("/items").size())
        .as("the refused batch stored nothing")
        .isEqualTo(5);
  }

  @Test
  void runsPerMonth() {
    Api.Res pb =
        api.post(
            "/api/v1/playbooks",
            "admin",
            "{\"key\": \"limits-pb\", \"title\": \"L\", \"steps\": [{\"id\": \"ok\", \"approval\":"
                + " {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"owner\"]}}}]}");
    assertThat(pb.status()).as(pb.text()).isEqualTo(201);
    String start = "{\"playbook\": \"limits-pb\", \"inputs\": {}}";
    for (int i = 1; i <= 3; i++) {
      Api.Res r = api.post("/api/v1/runs", "admin", start);
      assertThat(r.status()).as("run " + i + ": " + r.text()).isEqualTo(201);
    }
    overLimit(api.post("/api/v1/runs", "admin", start), "runsPerMonth", 3, 3);
    assertThat(api.get("/api/v1/runs?playbook=limits-pb", "admin").at("/items").size())
        .isEqualTo(3);
  }

  @Test
  void fileStorageBytes() {
    byte[] sixty = "a".repeat(60).getBytes(StandardCharsets.UTF_8);
    byte[] forty = "b".repeat(40).getBytes(StandardCharsets.UTF_8);
    assertThat(api.upload("admin", "sixty.txt", sixty).status()).isEqualTo(201);
    Api.Res full = api.upload("admin", "forty.txt", forty);
    assertThat(full.status()).as("exactly the plan's 100 bytes: " + full.text()).isEqualTo(201);
    Api.Res over = api.upload("admin", "one.txt", "c".getBytes(StandardCharsets.UTF_8));
    overLimit(over, "fileStorageBytes", 100, 100);
    assertThat(api.get("/api/v1/files", "admin").text()).doesNotContain("one.txt");
    assertThat(usage("fileStorageBytes")).isEqualTo(100);
  }

  @Test
  void eventRetentionDaysIsASettingWithinThePlan() {
    String patch = "{\"retentionDays\": %d}";
    assertThat(api.withKey("PATCH", "/api/v1/settings", Api.ADMIN_KEY, patch.formatted(5)).status())
        .isEqualTo(200);
    Api.Res atLimit = api.withKey("PATCH", "/api/v1/settings", Api.ADMIN_KEY, patch.formatted(7));
    assertThat(atLimit.status()).as(atLimit.text()).isEqualTo(200);
    Api.Res over = api.withKey("PATCH", "/api/v1/settings", Api.ADMIN_KEY, patch.formatted(8));
    assertThat(over.status()).as(over.text()).isEqualTo(402);
    assertThat(over.at("/limit").asText()).isEqualTo("eventRetentionDays");
    assertThat(over.at("/max").asLong()).isEqualTo(7);
    assertThat(over.at("/errors/0/pointer").asText()).isEqualTo("/retentionDays");
    assertThat(api.get("/api/v1/settings", "admin").at("/retentionDays").asInt()).isEqualTo(7);
  }

  @Test
  void scansPerDayAndConcurrentScans() {
    Api.Res scope =
        api.withKey(
            "PATCH", "/api/v1/settings", Api.ADMIN_KEY, "{\"scanScope\": [\"127.0.0.0/8\"]}");
    assertThat(scope.status()).as(scope.text()).isEqualTo(200);
    Api.Res slow =
        api.post(
            "/api/v1/scans", "admin", "{\"target\": \"127.0.0.0/28\", \"profile\": \"full-tcp\"}");
    assertThat(slow.status()).as(slow.text()).isEqualTo(201);
    String id = slow.at("/scanId").asText();
    String quick = "{\"target\": \"127.0.0.1\", \"profile\": \"discovery\"}";
    // 16 hosts × every TCP port: still queued or running when the next one is asked for
    overLimit(api.post("/api/v1/scans", "admin", quick), "concurrentScans", 1, 1);
    // cancelled once nmap reports progress (as ScansIT does): the embedded Temporal test server
    // refuses to cancel the scan's claim activity while its completion is in flight
    api.awaitJson(
        "/api/v1/scans/" + id, "admin", 90, j -> j.at("/progress/hostsTotal").asInt() == 16);
    assertThat(api.post("/api/v1/scans/" + id + "/cancel", "admin", "{}").status()).isEqualTo(202);
    awaitFinished(id);
    Api.Res atLimit = api.post("/api/v1/scans", "admin", quick);
    assertThat(atLimit.status()).as("the day's second scan: " + atLimit.text()).isEqualTo(201);
    awaitFinished(atLimit.at("/scanId").asText());
    overLimit(api.post("/api/v1/scans", "admin", quick), "scansPerDay", 2, 2);
    assertThat(api.get("/api/v1/scans", "admin").at("/items").size()).isEqualTo(2);
  }

  static void awaitFinished(String scan) {
    api.awaitJson(
        "/api/v1/scans/" + scan,
        "admin",
        120,
        s -> List.of("succeeded", "failed", "cancelled").contains(s.at("/status").asText()));
  }

  @Test
  void modulesOutsideThePlanAreLockedWithThePlanThatUnlocksThem() {
    Api.Res wazuh = api.get("/api/v1/wazuh", "admin");
    assertThat(wazuh.status()).as(wazuh.text()).isEqualTo(402);
    assertThat(wazuh.at("/type").asText()).endsWith("/plan-module");
    assertThat(wazuh.at("/module").asText()).isEqualTo("wazuh");
    assertThat(wazuh.at("/upgradeTo").asText()).isEqualTo("team");
    Api.Res connection =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \"w\", \"provider\": \"wazuh\", \"config\": {\"managerUrl\":"
                + " \"https://wazuh.example.com:55000\"}, \"secrets\": {\"username\": \"u\","
                + " \"password\": \"p\"}}");
    assertThat(connection.status()).as(connection.text()).isEqualTo(402);
    assertThat(connection.at("/module").asText()).isEqualTo("wazuh");
    JsonNode e = api.get("/api/v1/entitlements", "admin").json();
    assertThat(e.at("/modules").toString())
        .isEqualTo("[\"scans\",\"downloads\",\"advanced_playbooks\"]");
    assertThat(e.at("/limits/wazuhAgents").isNull()).as("not in the plan: unlimited").isTrue();
  }
}
