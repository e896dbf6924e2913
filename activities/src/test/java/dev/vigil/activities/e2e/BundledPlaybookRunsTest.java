package dev.vigil.activities.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.activities.http.FakeApi;
import dev.vigil.activities.http.FakeApi.Answer;
import dev.vigil.activities.http.HttpSettings;
import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.activities.projection.RunProjectionActivitiesImpl;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.activities.system.ActionHandlers;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.bundled.BundledPlaybooks;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.run.RunRepository;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bundled playbooks run on Temporal with the real action activities against a local HTTP server
 * standing in for the intel, firewall, IdP, EDR, mail, inventory, ticket and pager APIs.
 */
class BundledPlaybookRunsTest {

  static final String FW_SECRET = "fw-token-9f8e7d";
  static final String INTEL_SECRET = "intel-key-1a2b3c";
  static final FakeApi api = start();

  static FakeApi start() {
    try {
      return new FakeApi();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final Map<String, String> SECRETS =
      Map.of(
          "abuseipdb_key",
          INTEL_SECRET,
          "firewall_token",
          FW_SECRET,
          "idp_token",
          "idp-t",
          "edr_token",
          "edr-t",
          "intel_key",
          INTEL_SECRET,
          "mail_token",
          "mail-t",
          "inventory_token",
          "inv-t",
          "ticket_token",
          "tk-t",
          "alert_token",
          "al-t",
          "pager_token",
          "pg-t");

  static final com.zaxxer.hikari.HikariDataSource db = database();

  static com.zaxxer.hikari.HikariDataSource database() {
    var ds = dev.vigil.store.system.TestDatabase.fresh();
    try {
      dev.vigil.store.system.TestDatabase.execute(
          ds, "insert into tenants (id, name) values ('acme', 'Acme')");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return ds;
  }

  static final RunRepository runs = new RunRepository(db);
  static final ApprovalRepository approvalStore = new ApprovalRepository(db);

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      temporal(
          api,
          new Secrets(Map.of("acme", SECRETS), Map.of(), n -> null),
          runs,
          new RunProjectionActivitiesImpl(db));

  /**
   * Temporal's test service running the run workflows on the real action activities, calling {@code
   * api} (the only allowed host).
   */
  static TestWorkflowExtension temporal(
      FakeApi api, Secrets secrets, RunRepository runs, Object projection) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(
            dev.vigil.workflows.system.WorkflowTypes.on(
                dev.vigil.workflows.system.TaskQueues.PLAYBOOK_RUNS))
        .setActivityImplementations(
            new ActionActivitiesImpl(
                ActionCatalog.bundled(),
                ActionHandlers.all(
                    new HttpSettings(List.of("127.0.0.1:" + api.port()), Duration.ofSeconds(10), 0),
                    secrets),
                runs),
            new NotificationActivitiesImpl(api.base() + "/hooks/escalation"),
            projection)
        .build();
  }

  @BeforeEach
  void reset() {
    api.requests.clear();
    api.on("POST", "/hooks/escalation", Answer.json(204, null));
  }

  private PlaybookRunWorkflow start(
      WorkflowClient client,
      Worker worker,
      String runId,
      String key,
      Map<String, Object> inputs,
      RunMode mode) {
    List<PinnedPlaybook> children = new ArrayList<>();
    BundledPlaybooks.all().forEach((k, def) -> children.add(new PinnedPlaybook(k, 1, def)));
    StartRunInput in =
        RunPreparation.input(
            ActionCatalog.bundled(),
            runId,
            "acme",
            new PinnedPlaybook(key, 1, BundledPlaybooks.read(key)),
            children,
            inputs,
            mode,
            "alice",
            Map.of());
    PlaybookRunWorkflow stub =
        client.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(StartRunInput.workflowId("acme", runId))
                .build());
    WorkflowClient.start(stub::run, in);
    return stub;
  }

  private static RunResult result(PlaybookRunWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(RunResult.class);
  }

  private static void awaitState(PlaybookRunWorkflow run, Predicate<RunState> p) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      if (p.test(run.state())) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("state not reached: " + run.state());
  }

  /** Every payload of a workflow's history, decoded (the JSON form holds them base64-encoded). */
  private static String payloads(WorkflowClient client, String workflowId) {
    StringBuilder out = new StringBuilder();
    try {
      collect(
          dev.vigil.playbook.json.Json.parse(client.fetchHistory(workflowId).toJson(false)), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void collect(com.fasterxml.jackson.databind.JsonNode n, StringBuilder out) {
    n.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("data") && e.getValue().isTextual()) {
                out.append(
                        new String(
                            java.util.Base64.getDecoder().decode(e.getValue().asText()),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .append('\n');
              } else {
                collect(e.getValue(), out);
              }
            });
    n.elements().forEachRemaining(c -> collect(c, out));
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private Map<String, Object> sshInputs(String ip) {
    return map(
        "src_ip",
        ip,
        "host",
        "web-01",
        "failures",
        37,
        "user",
        "root",
        "intel_api",
        api.base() + "/intel",
        "firewall_api",
        api.base() + "/fw");
  }

  @Test
  void sshBruteForceEscalatesThenBlocksOnceAfterApprovalAndKeepsSecretsOutOfHistory(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    api.on(
        "GET",
        "/intel/check",
        Answer.json(
            200,
            "{\"data\": {\"ipAddress\": \"203.0.113.50\", \"abuseConfidenceScore\": 96, \"totalReports\": 412}}"));
    api.on("POST", "/fw/blocklist", Answer.json(201, "{\"id\": \"rule-17\"}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "ssh-1",
            "contain-ssh-brute-force",
            sshInputs("203.0.113.50"),
            RunMode.LIVE);
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    assertThat(run.state().approvals().get(0).prompt())
        .isEqualTo(
            "Block 203.0.113.50 at the perimeter? 37 failed SSH logins on web-01, abuse score 96.");

    env.sleep(Duration.ofMinutes(11));
    awaitState(run, s -> !s.approvals().get(0).escalated().isEmpty());
    assertThat(api.lines()).contains("POST /hooks/escalation");

    run.decide(
        new ApprovalDecision(
            "acme", "approve", "approve", "bob", List.of("analyst"), "confirmed attacker"));
    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs())
        .containsEntry("score", 96L)
        .containsEntry("decision", "approved")
        .containsEntry("blocked", true);
    assertThat(api.lines())
        .containsExactly("GET /intel/check", "POST /hooks/escalation", "POST /fw/blocklist");
    FakeApi.Request block = api.requests.get(2);
    assertThat(block.headers()).containsEntry("authorization", "Bearer " + FW_SECRET);
    assertThat(block.body())
        .isEqualTo(
            "{\"address\":\"203.0.113.50\",\"reason\":\"ssh brute force on web-01\",\"ttl\":\"24h\"}");
    assertThat(api.requests.get(0).headers()).containsEntry("key", INTEL_SECRET);

    String history =
        payloads(client, StartRunInput.workflowId("acme", "ssh-1"))
            + payloads(client, StartRunInput.workflowId("acme", "ssh-1.enrich"));
    assertThat(history)
        .contains("firewall_token")
        .contains("abuseipdb_key")
        .contains("203.0.113.50");
    assertThat(history).doesNotContain(FW_SECRET).doesNotContain(INTEL_SECRET);
  }

  @Test
  void sshBruteForceDryRunReadsIntelButBlocksNothing(WorkflowClient client, Worker worker) {
    api.on(
        "GET",
        "/intel/check",
        Answer.json(200, "{\"data\": {\"abuseConfidenceScore\": 90, \"totalReports\": 3}}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "ssh-dry",
            "contain-ssh-brute-force",
            sshInputs("203.0.113.51"),
            RunMode.DRY_RUN);
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    run.decide(new ApprovalDecision("acme", "approve", "approve", "bob", List.of("analyst"), null));
    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(api.lines()).containsExactly("GET /intel/check");
    assertThat(
            run.state().steps().stream()
                .filter(s -> s.id().equals("block"))
                .findFirst()
                .orElseThrow()
                .simulated())
        .isTrue();
  }

  @Test
  void accountContainmentNeedsTwoApproversAndRollsBackInReverseOrderWhenIsolationFails(
      WorkflowClient client, Worker worker) {
    api.on("POST", "/idp/users/mallory/", Answer.json(200, "{}"));
    api.on("POST", "/edr/hosts/ws-1/", Answer.json(200, "{\"isolated\": true}"));
    api.on("POST", "/edr/hosts/ws-2/isolate", Answer.json(409, "{\"error\": \"agent offline\"}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "acct-1",
            "compromised-account-containment",
            map(
                "user",
                "mallory",
                "hosts",
                List.of("ws-1", "ws-2"),
                "idp_api",
                api.base() + "/idp",
                "edr_api",
                api.base() + "/edr"),
            RunMode.LIVE);
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    run.decide(new ApprovalDecision("acme", "approve", "approve", "bob", List.of("analyst"), null));
    assertThat(api.requests).isEmpty();
    run.decide(new ApprovalDecision("acme", "approve", "approve", "carol", List.of("admin"), null));
    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(r.error().message()).contains("HTTP 409").contains("ws-2");
    assertThat(api.lines())
        .hasSize(6)
        .startsWith("POST /idp/users/mallory/disable", "POST /idp/users/mallory/revoke-sessions")
        .endsWith("POST /edr/hosts/ws-1/release", "POST /idp/users/mallory/enable");
    assertThat(api.lines().subList(2, 4))
        .containsExactlyInAnyOrder("POST /edr/hosts/ws-1/isolate", "POST /edr/hosts/ws-2/isolate");
  }

  @Test
  void vulnerabilityFollowUpTicketsOnlyUnpatchedHosts(WorkflowClient client, Worker worker) {
    api.on("GET", "/inv/hosts/db-1/", Answer.json(200, "{\"patched\": true}"));
    api.on("GET", "/inv/hosts/web-1/", Answer.json(200, "{\"patched\": false}"));
    api.on("GET", "/inv/hosts/web-2/", Answer.json(200, "{\"patched\": false}"));
    api.on("POST", "/tickets/tickets", Answer.json(201, "{\"key\": \"SEC-1\"}"));
    List<Map<String, Object>> hosts =
        List.of(
            map("name", "db-1", "owner", "dba"),
            map("name", "web-1", "owner", "web"),
            map("name", "web-2", "owner", "web"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "vuln-1",
            "vulnerability-follow-up",
            map(
                "cve",
                "CVE-2024-3094",
                "hosts",
                hosts,
                "inventory_api",
                api.base() + "/inv",
                "ticket_api",
                api.base() + "/tickets"),
            RunMode.LIVE);
    RunResult r = result(run);
    assertThat(r.outputs())
        .containsEntry("exposed", List.of("web-1", "web-2"))
        .containsEntry("patched", 1L);
    assertThat(api.lines().stream().filter(l -> l.equals("POST /tickets/tickets")).count())
        .isEqualTo(2);
    assertThat(
            api.requests.stream().filter(q -> q.method().equals("POST")).map(FakeApi.Request::body))
        .allSatisfy(b -> assertThat(b).contains("CVE-2024-3094 unpatched on web-"));
  }

  @Test
  void phishingTriageEnrichesInParallelAndPurgesAfterApproval(
      WorkflowClient client, Worker worker) {
    api.on("GET", "/intel/url", Answer.json(200, "{\"malicious\": false}"));
    api.on("GET", "/intel/domain/", Answer.json(200, "{\"age_days\": 2}"));
    api.on("GET", "/intel/file/", Answer.json(200, "{\"malicious\": false}"));
    api.on("POST", "/mail/purge", Answer.json(202, "{}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "phish-1",
            "phishing-triage",
            map(
                "message_id",
                "<abc@mail.example>",
                "sender",
                "billing@new-domain.example",
                "urls",
                List.of("http://a.example/x", "http://b.example/y"),
                "hashes",
                List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                "intel_api",
                api.base() + "/intel",
                "mail_api",
                api.base() + "/mail"),
            RunMode.LIVE);
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    assertThat(api.lines())
        .containsExactlyInAnyOrder(
            "GET /intel/url",
            "GET /intel/url",
            "GET /intel/domain/new-domain.example",
            "GET /intel/file/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    run.decide(
        new ApprovalDecision("acme", "approve_purge", "approve", "bob", List.of("analyst"), null));
    RunResult r = result(run);
    assertThat(r.outputs()).containsEntry("verdict", "malicious");
    assertThat(api.lines()).endsWith("POST /mail/purge");
  }

  @Test
  void unacknowledgedAlertPagesWhenNobodyAnswers(WorkflowClient client, Worker worker) {
    api.on("GET", "/alerts/alerts/A-1", Answer.json(200, "{\"acknowledged\": false}"));
    api.on("POST", "/pager/incidents", Answer.json(201, "{}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "esc-1",
            "escalate-unacknowledged-alert",
            map(
                "alert_id",
                "A-1",
                "severity",
                "high",
                "alert_api",
                api.base() + "/alerts",
                "pager_api",
                api.base() + "/pager"),
            RunMode.LIVE);
    RunResult r = result(run);
    assertThat(r.outputs()).containsEntry("acknowledged", false).containsEntry("paged", true);
    assertThat(api.lines())
        .containsExactly(
            "GET /alerts/alerts/A-1", "POST /hooks/escalation", "POST /pager/incidents");
  }

  @Test
  void suspiciousLoginOfMediumRiskIsOnlyWatched(WorkflowClient client, Worker worker) {
    api.on("GET", "/idp/users/ana/signins", Answer.json(200, "{\"mfa\": true, \"failures\": 0}"));
    PlaybookRunWorkflow run =
        start(
            client,
            worker,
            "login-1",
            "verify-suspicious-login",
            map(
                "user",
                "ana",
                "src_ip",
                "198.51.100.20",
                "country",
                "BR",
                "usual_countries",
                List.of("DE", "FR"),
                "idp_api",
                api.base() + "/idp"),
            RunMode.LIVE);
    RunResult r = result(run);
    assertThat(r.outputs()).containsEntry("risk", "medium");
    assertThat(api.lines()).containsExactly("GET /idp/users/ana/signins");
  }
}
