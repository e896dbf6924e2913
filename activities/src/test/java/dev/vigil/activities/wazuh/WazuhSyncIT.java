package dev.vigil.activities.wazuh;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.store.wazuh.WazuhCache;
import dev.vigil.workflows.sync.WazuhSyncState;
import dev.vigil.workflows.sync.WazuhSyncWorkflow;
import dev.vigil.workflows.sync.WazuhSyncWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code WazuhSyncWorkflow} with its real activities, in Temporal's time-skipping test service,
 * against PostgreSQL, the spec-checking Wazuh manager stub and the OpenSearch-shaped indexer stub:
 * inventory, SCA and alerts land in the cache and the events; an hour-long outage backs off and is
 * then caught up with no gap and no duplicate; pause holds every pass.
 */
class WazuhSyncIT {

  HikariDataSource db;
  WazuhManagerStub manager;
  WazuhIndexerStub indexer;
  TestWorkflowEnvironment env;
  WorkflowClient client;
  WazuhCache cache;
  JdbcClient sql;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    sql = JdbcClient.create(db);
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'Acme')");
    manager = new WazuhManagerStub(11);
    indexer = new WazuhIndexerStub();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretBox box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    ConnectionRepository repo = new ConnectionRepository(db);
    repo.create(
        "acme",
        "soc",
        "wazuh",
        Map.of("managerUrl", manager.url().toString(), "indexerUrl", indexer.url().toString()),
        List.of("indexerPassword", "indexerUsername", "password", "username"),
        box.seal(
            "acme",
            "soc",
            Map.of(
                "username", WazuhManagerStub.USER,
                "password", WazuhManagerStub.PASSWORD,
                "indexerUsername", WazuhIndexerStub.USER,
                "indexerPassword", WazuhIndexerStub.PASSWORD)),
        "admin");
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    cache = new WazuhCache(db);
    Clock clock = workflowClock(env);
    ConnectionResolver resolver = new ConnectionResolver(repo, box);
    // no real sleeping between HTTP retries: the workflow's backoff is what is under test
    WazuhActions actions =
        new WazuhActions(resolver, s -> new WazuhClient(s, clock, d -> {}, 2, Duration.ZERO));
    Worker worker = env.newWorker(TaskQueues.INTEGRATIONS);
    worker.registerWorkflowImplementationTypes(WazuhSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new WazuhSyncActivitiesImpl(
            actions,
            resolver,
            cache,
            new EventWriter(db),
            new dev.vigil.store.settings.TenantSettingsRepository(db),
            new dev.vigil.store.detection.AlertRepository(db),
            clock,
            d -> {},
            t -> java.util.Optional.ofNullable(agentLimits.get(t))));
    env.start();
  }

  /** The activities read the test service's clock, which skips with the workflows'. */
  static Clock workflowClock(TestWorkflowEnvironment env) {
    return new SuppliedClock(() -> Instant.ofEpochMilli(env.currentTimeMillis()));
  }

  final java.util.Map<String, Long> agentLimits = new java.util.concurrent.ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    try {
      assertThat(manager.violations).as("requests the Wazuh spec refuses").isEmpty();
      assertThat(indexer.refused).as("searches the indexer stub refuses").isEmpty();
    } finally {
      env.close();
      manager.close();
      indexer.close();
      db.close();
    }
  }

  WazuhSyncWorkflow startSync() {
    WazuhSyncWorkflow wf =
        client.newWorkflowStub(
            WazuhSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WazuhSyncWorkflow.id("acme", "soc"))
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .build());
    WorkflowClient.start(wf::run, WazuhSyncState.start("acme", "soc"));
    return wf;
  }

  Instant now() {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  long events() {
    return sql.sql(
            "select count(*) from events where tenant_id = 'acme' and format = 'wazuh-alert'")
        .query(Long.class)
        .single();
  }

  /** The agents the open disconnection alerts are about. */
  List<String> disconnectedAlerts() {
    return sql.sql(
            "select group_values->>'agentId' from alerts where tenant_id = 'acme' and rule_key ="
                + " 'wazuh-agent-disconnected'")
        .query((rs, n) -> rs.getString(1))
        .list();
  }

  long distinctAlerts() {
    return sql.sql(
            "select count(distinct doc->'attributes'->>'id') from events where tenant_id = 'acme'")
        .query(Long.class)
        .single();
  }

  @Test
  void inventoryScaAndAlertsArriveAndAnOutageIsCaughtUpWithoutGapOrDuplicate() throws Exception {
    // 1,234 alerts over the last half hour, every fifth sharing its neighbour's time
    indexer.index(1234, now().minus(Duration.ofMinutes(30)), 1000, 5);
    WazuhSyncWorkflow wf = startSync();
    env.sleep(Duration.ofMinutes(2));

    assertThat(cache.agents("acme", "soc", null, null, 100, null).items()).hasSize(11);
    assertThat(cache.sca("acme", "soc", "001"))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.policyId()).isEqualTo("cis_ubuntu20-04");
              assertThat(s.score()).isEqualTo(39);
              assertThat(s.fail()).isEqualTo(87);
            });
    assertThat(events()).isEqualTo(1234);
    assertThat(cache.state("acme", "soc").lastError()).isNull();
    // Wazuh's mocks hold disconnected agents; those whose last keep-alive is older than the
    // tenant's default hour are each alerted once, however many passes see them
    List<String> longGone = new java.util.ArrayList<>();
    List<com.fasterxml.jackson.databind.JsonNode> mocks = new java.util.ArrayList<>();
    WazuhManagerStub.mock("agents/agent/agents.json")
        .path("data")
        .path("affected_items")
        .forEach(mocks::add);
    WazuhManagerStub.mock("agents/agent/agent-windows.json")
        .path("data")
        .path("affected_items")
        .forEach(mocks::add);
    for (int i = 0; i < mocks.size(); i++) {
      var a = mocks.get(i);
      if (a.path("status").asText().equals("disconnected")
          && Instant.parse(a.path("lastKeepAlive").asText())
              .isBefore(now().minus(Duration.ofHours(1)))) {
        longGone.add(String.format("%03d", i));
      }
    }
    assertThat(longGone).isNotEmpty();
    env.sleep(Duration.ofMinutes(15)); // three more inventory passes
    assertThat(disconnectedAlerts()).containsExactlyInAnyOrderElementsOf(longGone);

    // an hour without the indexer and the manager, while Wazuh keeps raising alerts
    indexer.down = true;
    manager.down = true;
    for (int minute = 0; minute < 60; minute++) {
      indexer.index(10, now().minus(Duration.ofSeconds(90)), 500, 0);
      env.sleep(Duration.ofMinutes(1));
    }
    WazuhCache.SyncState during = cache.state("acme", "soc");
    assertThat(during.lastError()).contains("503");
    assertThat(during.lastErrorAt()).isAfter(now().minus(Duration.ofMinutes(16)));

    indexer.down = false;
    manager.down = false;
    env.sleep(Duration.ofMinutes(20)); // the longest backoff is 15 minutes

    assertThat(events()).isEqualTo(1234 + 600);
    assertThat(distinctAlerts()).as("no alert twice").isEqualTo(1234 + 600);
    assertThat(cache.state("acme", "soc").alertsIngested()).isEqualTo(1234 + 600);
    assertThat(wf.status().parts()).allSatisfy(p -> assertThat(p.failures()).isZero());

    // the history replays on today's code
    wf.stop();
    env.sleep(Duration.ofMinutes(1));
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(WazuhSyncWorkflow.id("acme", "soc")), WazuhSyncWorkflowImpl.class);
  }

  @Test
  void thePlansWazuhAgentsLimitKeepsTheFirstAgentsOnly() {
    agentLimits.put("acme", 4L);
    startSync();
    env.sleep(Duration.ofMinutes(2));
    assertThat(cache.agents("acme", "soc", null, null, 100, null).items())
        .extracting(WazuhCache.Agent::id)
        .as("the manager lists 11; the plan allows 4, the first by id")
        .containsExactly("000", "001", "002", "003");
  }

  @Test
  void aPausedSyncReadsNothingUntilResumed() {
    WazuhSyncWorkflow wf = startSync();
    env.sleep(Duration.ofMinutes(1));
    wf.pause();
    env.sleep(Duration.ofSeconds(5));
    indexer.index(50, now(), 100, 0); // raised while the sync is paused
    int searches = indexer.searches;
    env.sleep(Duration.ofHours(2));
    assertThat(indexer.searches).isEqualTo(searches);
    assertThat(events()).isZero();

    wf.resume();
    env.sleep(Duration.ofMinutes(1));
    assertThat(events()).isEqualTo(50);
    assertThat(wf.status().paused()).isFalse();
  }

  @Test
  void aSyncPausedBeforeARestartStartsPaused() {
    // the worker restarts the sync of a connection whose sync was paused: it stays paused
    dev.vigil.workflows.sync.WazuhSyncs.start(client, "acme", "soc", true);
    env.sleep(Duration.ofHours(1));
    assertThat(manager.requests).isEmpty();
    assertThat(cache.agents("acme", "soc", null, null, 100, null).items()).isEmpty();

    dev.vigil.workflows.sync.WazuhSyncs.signal(client, "acme", "soc", "resume");
    env.sleep(Duration.ofMinutes(1));
    assertThat(cache.agents("acme", "soc", null, null, 100, null).items()).hasSize(11);
  }
}
