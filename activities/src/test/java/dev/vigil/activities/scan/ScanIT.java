package dev.vigil.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.scan.ScanRequest;
import dev.vigil.workflows.scan.ScanResult;
import dev.vigil.workflows.scan.ScanWorkflow;
import dev.vigil.workflows.scan.ScanWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scans with the real nmap (installed by {@code ./vigil test}) against 127.0.0.1 and ports this
 * test opens, on Temporal's test service in real time and the real database: a port opened is
 * found, reported and ingested as events; closed, the next scan says so; a cancelled scan kills
 * nmap; a scan whose worker stops runs again on another and keeps one set of findings; a second
 * scan waits while the tenant's only slot is taken; a target outside the scope never reaches nmap.
 */
class ScanIT {

  static final String TENANT = "acme";
  static HikariDataSource db;
  static ScanRepository scans;
  static TenantSettingsRepository settings;

  TestWorkflowEnvironment env;
  WorkerFactory scanner;
  WorkerFactory second;

  @BeforeAll
  static void database() throws Exception {
    db = TestDatabase.fresh();
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'Acme')");
    scans = new ScanRepository(db);
    settings = new TenantSettingsRepository(db);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void temporal() {
    scope(List.of("127.0.0.0/8"), 2);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    // the workflow on one worker, the scan activities on another: the scanning worker can stop
    env.newWorker(TaskQueues.SCANS).registerWorkflowImplementationTypes(ScanWorkflowImpl.class);
    scanner = scanner();
    env.start();
  }

  @AfterEach
  void stop() {
    scanner.shutdownNow();
    if (second != null) {
      second.shutdownNow();
    }
    env.close();
  }

  /** A worker running the scan activities. */
  WorkerFactory scanner() {
    WorkerFactory f = WorkerFactory.newInstance(env.getWorkflowClient());
    f.newWorker(TaskQueues.SCANS)
        .registerActivitiesImplementations(new ScanActivitiesImpl(db, "nmap", Clock.systemUTC()));
    f.start();
    return f;
  }

  static void scope(List<String> scope, int concurrency) {
    settings.put(TENANT, new TenantSettings("UTC", 30, Map.of(), null, scope, concurrency), "test");
  }

  /** Queues a scan as the API does and starts its workflow. */
  ScanWorkflow start(String target, String profile, String ports) {
    String id = UUID.randomUUID().toString();
    scans.queue(
        TENANT, UUID.fromString(id), target, profile, ports, target + "|" + ports, "ana", null);
    ScanWorkflow wf =
        env.getWorkflowClient()
            .newWorkflowStub(
                ScanWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ScanWorkflow.id(TENANT, id))
                    .setTaskQueue(TaskQueues.SCANS)
                    .build());
    WorkflowClient.start(wf::run, new ScanRequest(TENANT, id, target, profile, ports, "ana"));
    return wf;
  }

  static String id(ScanWorkflow wf) {
    String wid = WorkflowStub.fromTyped(wf).getExecution().getWorkflowId();
    return wid.substring(wid.lastIndexOf('/') + 1);
  }

  ScanResult result(ScanWorkflow wf) {
    try {
      return WorkflowStub.fromTyped(wf)
          .getResult(3, java.util.concurrent.TimeUnit.MINUTES, ScanResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "no result within 3 minutes: "
              + env.getWorkflowClient()
                  .fetchHistory(WorkflowStub.fromTyped(wf).getExecution().getWorkflowId())
                  .toJson(false),
          e);
    }
  }

  static ScanRepository.Scan row(ScanWorkflow wf) {
    return scans.get(TENANT, id(wf)).orElseThrow();
  }

  static List<String> events(String scanId) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = db.getConnection();
        var st =
            c.prepareStatement(
                "select action, doc->'dst'->>'port' from events where tenant_id = 'acme' and"
                    + " format = 'nmap' and doc->'attributes'->>'scanId' = ? order by action,"
                    + " 2")) {
      st.setString(1, scanId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + (rs.getString(2) == null ? "" : " " + rs.getString(2)));
        }
      }
    }
    return out;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 90 s: " + what);
      }
      Thread.sleep(200);
    }
  }

  static boolean nmapRunning() {
    return ProcessHandle.allProcesses()
        .anyMatch(p -> p.info().commandLine().map(c -> c.contains("vigil-scan-")).orElse(false));
  }

  @Test
  void aPortTheTestOpensIsFoundReportedAndWhenClosedTheNextScanSaysSo() throws Exception {
    ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    int port = open.getLocalPort();
    int closed;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    String ports = port + "," + closed;
    ScanWorkflow first = start("127.0.0.1", "top-ports", ports);
    ScanResult r = result(first);
    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("succeeded");
    assertThat(r.summary().hostsUp()).isEqualTo(1);
    assertThat(r.summary().openPorts()).isEqualTo(1);
    assertThat(r.summary().command()).contains("-sT").contains("-p " + ports).endsWith("127.0.0.1");
    List<ScanRepository.Finding> findings = scans.findings(TENANT, id(first));
    assertThat(findings)
        .extracting(f -> f.kind() + " " + f.port() + " " + f.state())
        .containsExactlyInAnyOrder(
            "host 0 up", "port " + port + " open", "port " + closed + " closed");
    ScanRepository.Scan done = row(first);
    assertThat(done.status()).isEqualTo("succeeded");
    assertThat(done.published()).isTrue();
    assertThat(done.progress()).containsEntry("percent", 100.0);
    assertThat(done.summary()).containsEntry("openPorts", 1L);
    assertThat(events(id(first))).containsExactly("host_up", "open_port " + port);

    open.close();
    ScanWorkflow again = start("127.0.0.1", "top-ports", ports);
    assertThat(result(again).status()).isEqualTo("succeeded");
    assertThat(events(id(again))).containsExactly("closed_port " + port, "host_up");
  }

  @Test
  void aCancelledScanKillsNmapAndEndsCancelled() throws Exception {
    // 1,024 hosts x 65,535 ports: long enough on any machine that the cancel lands mid-scan
    ScanWorkflow wf = start("127.0.0.0/22", "full-tcp", null);
    await("progress", () -> row(wf).progress() != null && nmapRunning());
    WorkflowStub.fromTyped(wf).cancel();
    assertThatThrownBy(() -> result(wf)).isInstanceOf(WorkflowFailedException.class);
    assertThat(row(wf).status()).isEqualTo("cancelled");
    await("nmap killed", () -> !nmapRunning());
    assertThat(scans.findings(TENANT, id(wf))).isEmpty();
  }

  @Test
  void aScanWhoseWorkerStopsRunsAgainOnAnotherAndKeepsOneSetOfFindings() throws Exception {
    ScanWorkflow wf = start("127.0.0.0/28", "full-tcp", null);
    await("progress", () -> row(wf).progress() != null && nmapRunning());
    scanner.shutdownNow(); // the scanning worker dies mid-scan
    await("nmap stopped with its worker", () -> !nmapRunning());
    second = scanner();
    ScanResult r = result(wf);
    assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("succeeded");
    List<ScanRepository.Finding> findings = scans.findings(TENANT, id(wf));
    assertThat(findings.stream().filter(f -> f.kind().equals("host")).count()).isEqualTo(16);
    assertThat(findings.stream().map(ScanRepository.Finding::key).distinct().count())
        .isEqualTo(findings.size());
    assertThat(events(id(wf)).stream().filter(e -> e.equals("host_up")).count()).isEqualTo(16);
    String history =
        env.getWorkflowClient()
            .fetchHistory(WorkflowStub.fromTyped(wf).getExecution().getWorkflowId())
            .toJson(false);
    assertThat(history).as("nmap ran a second time").containsPattern("\"attempt\": ?2");
  }

  @Test
  void aSecondScanWaitsWhileTheOnlySlotIsTakenAndATargetOutsideTheScopeIsRefused()
      throws Exception {
    scope(List.of("127.0.0.0/8"), 1);
    ScanWorkflow slow = start("127.0.0.0/28", "full-tcp", null);
    await("the first scan runs", () -> row(slow).status().equals("running"));
    ScanWorkflow next = start("127.0.0.1", "discovery", null);
    Thread.sleep(3_000);
    assertThat(row(next).status()).as("no slot: it waits").isEqualTo("queued");
    WorkflowStub.fromTyped(slow).cancel();
    assertThat(result(next).status()).isEqualTo("succeeded");
    assertThat(scans.findings(TENANT, id(next)))
        .extracting(f -> f.kind() + " " + f.address() + " " + f.state())
        .containsExactly("host 127.0.0.1 up");

    scope(List.of("10.0.0.0/8"), 1);
    ScanWorkflow outside = start("127.0.0.1", "discovery", null);
    ScanResult r = result(outside);
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.error()).isEqualTo("127.0.0.1 is outside the tenant's scan scope (10.0.0.0/8)");
    assertThat(row(outside).error()).isEqualTo(r.error());
    assertThat(row(outside).progress()).as("nmap never ran").isNull();
  }
}
