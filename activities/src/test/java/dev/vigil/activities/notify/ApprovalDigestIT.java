package dev.vigil.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.notify.NotificationRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.notify.ApprovalDigestWorkflow;
import dev.vigil.workflows.notify.ApprovalDigestWorkflowImpl;
import dev.vigil.workflows.notify.NotifyWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daily digest of pending approvals, in Temporal's time-skipping test service with its real
 * activities: one digest a day at the configured hour to the tenants that route it, listing what
 * waits; nothing when nothing waits; a day the workers were down yields one digest, not one per
 * missed day.
 */
class ApprovalDigestIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant START = Instant.parse("2026-12-01T06:00:00Z");

  HikariDataSource db;
  HttpServer hook;
  TestWorkflowEnvironment env;
  ApprovalRepository approvals;
  final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    TestDatabase.execute(
        db, "insert into tenants (id, name) values ('acme', 'Acme'), ('quiet', 'Quiet')");
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/",
        x -> {
          try (x) {
            received.add(JSON.readTree(x.getRequestBody().readAllBytes()));
            x.sendResponseHeaders(204, -1);
          }
        });
    hook.start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretBox box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    ConnectionRepository connections = new ConnectionRepository(db);
    NotificationRepository routes = new NotificationRepository(db);
    for (String tenant : List.of("acme", "quiet")) {
      connections.create(
          tenant,
          "hook",
          "webhook",
          Map.of("url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/" + tenant),
          List.of(),
          null,
          "admin");
      routes.create(
          new NotificationRepository.Route(
              tenant,
              "digest",
              List.of("approval.digest"),
              List.of(),
              "hook",
              null,
              true,
              "admin",
              null,
              "admin",
              null));
    }
    approvals = new ApprovalRepository(db);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setInitialTimeMillis(START.toEpochMilli()).build());
    WorkflowClient client = env.getWorkflowClient();
    Worker maintenance = env.newWorker(TaskQueues.MAINTENANCE);
    maintenance.registerWorkflowImplementationTypes(ApprovalDigestWorkflowImpl.class);
    maintenance.registerActivitiesImplementations(
        new DigestActivitiesImpl(routes, approvals, Notifier.through(client)));
    Worker integrations = env.newWorker(TaskQueues.INTEGRATIONS);
    integrations.registerWorkflowImplementationTypes(NotifyWorkflowImpl.class);
    integrations.registerActivitiesImplementations(
        new NotifyActivitiesImpl(
            routes,
            new ConnectionResolver(connections, box),
            List.of(new WebhookChannel()),
            () -> "https://vigil.acme.example"));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    hook.stop(0);
    db.close();
  }

  void pending(String run, String playbook, String prompt, Instant opened) throws Exception {
    TestDatabase.execute(
        db,
        "insert into runs (tenant_id, run_id, workflow_id, playbook_key, playbook_version, status,"
            + " mode, inputs, started_by, started_at) values ('acme', '"
            + run
            + "', 'run/acme/"
            + run
            + "', '"
            + playbook
            + "', 1, 'waiting_approval', 'live', '{}', 'starter', now())");
    approvals.upsert(
        new ApprovalRecord(
            "acme",
            run,
            "approve",
            playbook,
            prompt,
            List.of("analyst"),
            List.of(),
            1,
            ApprovalRecord.PENDING,
            opened,
            opened.plus(Duration.ofHours(4)),
            null,
            List.of()),
        1);
  }

  void await(int count) throws InterruptedException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (received.size() < count && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }

  @Test
  void oneDigestADayListsWhatWaitsAndNothingIsSentWhenNothingWaits() throws Exception {
    pending(
        "r1", "contain-ssh-brute-force", "Block 203.0.113.7?", START.minus(Duration.ofHours(3)));
    pending("r2", "phishing-triage", "Quarantine the message?", START.minus(Duration.ofHours(1)));
    WorkflowClient.start(
        env.getWorkflowClient()
                .newWorkflowStub(
                    ApprovalDigestWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(TaskQueues.MAINTENANCE)
                        .setWorkflowId(ApprovalDigestWorkflow.WORKFLOW_ID)
                        .build())
            ::run,
        8);
    env.sleep(Duration.ofHours(1));
    assertThat(received).as("not before 08:00").isEmpty();
    env.sleep(Duration.ofHours(2)); // past 08:00 on the 1st
    await(1);
    assertThat(received).hasSize(1);
    JsonNode digest = received.get(0);
    assertThat(digest.path("type").asText()).isEqualTo("approval.digest");
    assertThat(digest.path("key").asText()).isEqualTo("approval.digest/2026-12-01");
    assertThat(digest.path("title").asText()).isEqualTo("2 approvals waiting");
    assertThat(digest.path("text").asText())
        .contains("contain-ssh-brute-force: Block 203.0.113.7?")
        .contains("phishing-triage: Quarantine the message?");
    assertThat(digest.path("link").asText()).isEqualTo("https://vigil.acme.example/approvals");
    assertThat(digest.path("tenant").asText())
        .as("the quiet tenant has nothing waiting")
        .isEqualTo("acme");

    // both decided; a day later nothing is sent
    approvals.closePending("acme", "r1", "approved");
    approvals.closePending("acme", "r2", "rejected");
    env.sleep(Duration.ofDays(1));
    Thread.sleep(500);
    assertThat(received).hasSize(1);

    // one waits again, and the next day's digest lists it alone
    pending("r3", "wazuh-active-response", "Drop 198.51.100.4?", START.plus(Duration.ofDays(1)));
    env.sleep(Duration.ofDays(1));
    await(2);
    assertThat(received).hasSize(2);
    assertThat(received.get(1).path("key").asText()).isEqualTo("approval.digest/2026-12-03");
    assertThat(received.get(1).path("title").asText()).isEqualTo("1 approval waiting");
    assertThat(received.get(1).path("text").asText()).doesNotContain("203.0.113.7");
  }
}
