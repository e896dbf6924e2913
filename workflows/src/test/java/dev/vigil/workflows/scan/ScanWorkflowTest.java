package dev.vigil.workflows.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scan workflow on Temporal's time-skipping test service, its activities scripted: a scan waits
 * while the tenant's slots are taken and runs when one frees, a cancelled one ends cancelled (also
 * while it waits), a refused one ends failed with nmap's reason. Its recorded histories ({@code
 * src/test/resources/histories-scan}) must replay on today's workflow; re-record with {@code
 * -Dvigil.recordHistories=true} (histories already recorded are kept).
 */
class ScanWorkflowTest {

  static final Path DIR = Path.of("src/test/resources/histories-scan");

  /** The activities, scripted: claims refused {@code busy} times, nmap answering or failing. */
  static final class ScriptedScan implements ScanActivities {
    final AtomicInteger busy = new AtomicInteger();
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile RuntimeException nmapFails;

    @Override
    public boolean claim(String tenant, String scanId) {
      calls.add("claim");
      return busy.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
    }

    @Override
    public ScanSummary nmap(ScanRequest r) {
      calls.add("nmap " + r.target() + " " + r.profile());
      if (nmapFails != null) {
        throw nmapFails;
      }
      return new ScanSummary(1, 0, 2, 3, 1.5, "7.93", "nmap -sT --top-ports 100 " + r.target());
    }

    @Override
    public int publish(String tenant, String scanId) {
      calls.add("publish");
      return 3;
    }

    @Override
    public void finish(
        String tenant, String scanId, String status, ScanSummary summary, String error) {
      calls.add("finish " + status + (error == null ? "" : ": " + error));
    }
  }

  static final ScriptedScan activities = new ScriptedScan();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.SCANS))
          .setActivityImplementations(activities)
          .build();

  @BeforeEach
  void reset() {
    activities.calls.clear();
    activities.busy.set(0);
    activities.nmapFails = null;
  }

  static ScanWorkflow scan(WorkflowClient client, Worker worker, String id) {
    return client.newWorkflowStub(
        ScanWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(ScanWorkflow.id("acme", id))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  static ScanRequest request(String id) {
    return new ScanRequest("acme", id, "10.0.0.0/29", "top-ports", null, "ana");
  }

  @Test
  void aScanWaitsForASlotThenRunsPublishesAndSucceeds(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    activities.busy.set(3);
    ScanWorkflow wf = scan(client, worker, "queued");
    long before = env.currentTimeMillis();
    ScanResult r = wf.run(request("queued"));
    assertThat(r.status()).isEqualTo("succeeded");
    assertThat(r.events()).isEqualTo(3);
    assertThat(r.summary().openPorts()).isEqualTo(2);
    assertThat(activities.calls)
        .containsExactly(
            "claim",
            "claim",
            "claim",
            "claim",
            "nmap 10.0.0.0/29 top-ports",
            "publish",
            "finish succeeded");
    assertThat(env.currentTimeMillis() - before)
        .as("it waited 2 + 4 + 8 s of workflow time between claims")
        .isGreaterThanOrEqualTo(14_000);
    record(client, wf, "succeeded-after-queueing");
  }

  @Test
  void aScanCancelledWhileItWaitsEndsCancelled(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    activities.busy.set(1000);
    ScanWorkflow wf = scan(client, worker, "waiting");
    WorkflowClient.start(wf::run, request("waiting"));
    env.sleep(Duration.ofSeconds(20));
    WorkflowStub stub = WorkflowStub.fromTyped(wf);
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(ScanResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(activities.calls)
        .doesNotContain("nmap 10.0.0.0/29 top-ports")
        .endsWith("finish cancelled: cancelled");
    record(client, wf, "cancelled-while-queued");
  }

  @Test
  void aScanNmapRefusesEndsFailedWithItsReasonAndIsNotRetried(WorkflowClient client, Worker worker)
      throws IOException {
    activities.nmapFails =
        ApplicationFailure.newNonRetryableFailure(
            "nmap exited with 1: You requested a scan type which requires root privileges.",
            "NmapFailed");
    ScanWorkflow wf = scan(client, worker, "refused");
    ScanResult r = wf.run(request("refused"));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.error()).contains("requires root privileges");
    assertThat(activities.calls.stream().filter(c -> c.startsWith("nmap"))).hasSize(1);
    assertThat(activities.calls)
        .endsWith(
            "finish failed: nmap exited with 1: You requested a scan type which requires root privileges.");
    record(client, wf, "nmap-failed");
  }

  static void record(WorkflowClient client, ScanWorkflow wf, String name) throws IOException {
    if (Boolean.getBoolean("vigil.recordHistories")) {
      RecordedHistories.save(client, WorkflowStub.fromTyped(wf).getExecution(), DIR, name);
    }
  }

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(
            DIR, "succeeded-after-queueing", "cancelled-while-queued", "nmap-failed")
        .filter(p -> !p.getFileName().toString().startsWith("schedule-"));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)), ScanWorkflowImpl.class);
  }
}
