package dev.vigil.workflows.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReportWorkflow on the time-skipping test service with scripted activities: a report is started,
 * generated and returned; transient failures are retried; a report that cannot be built, or keeps
 * failing, is marked failed with the reason. Recorded histories must replay.
 */
class ReportWorkflowTest {

  static final Path DIR = Path.of("src/test/resources/histories-report");

  static final class Scripted implements ReportActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile boolean notBuildable;
    volatile boolean mailRefused;
    final AtomicInteger mailFailuresLeft = new AtomicInteger();

    @Override
    public void start(String tenant, String reportId) {
      calls.add("start " + reportId);
    }

    @Override
    public ReportResult generate(ReportRequest r) {
      calls.add("generate " + r.reportId() + " " + r.type() + "/" + r.format());
      if (notBuildable) {
        throw ApplicationFailure.newNonRetryableFailure("no scan s-404", "ReportNotBuildable");
      }
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("the file store is not reachable");
      }
      return new ReportResult("file-" + r.reportId(), 2048, 3);
    }

    @Override
    public void deliver(ReportRequest r, ReportResult result) {
      calls.add("deliver " + result.fileId() + " to " + r.delivery().to());
      if (mailFailuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("SMTP server mail.example.org failed: connect timed out");
      }
      if (mailRefused) {
        throw ApplicationFailure.newNonRetryableFailure(
            "SMTP server mail.example.org refused the login", "ReportNotDelivered");
      }
    }

    @Override
    public void undelivered(String tenant, String reportId, String error) {
      calls.add("undelivered " + reportId + ": " + error);
    }

    @Override
    public void fail(String tenant, String reportId, String error) {
      calls.add("fail " + reportId + ": " + error);
    }
  }

  static final Scripted book = new Scripted();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.REPORTS))
          .setActivityImplementations(book)
          .build();

  @BeforeEach
  void reset() {
    book.calls.clear();
    book.failuresLeft.set(0);
    book.notBuildable = false;
    book.mailRefused = false;
    book.mailFailuresLeft.set(0);
  }

  static ReportRequest request(String id, String type) {
    return new ReportRequest(
        "acme", id, type, Map.of("from", "2026-11-01T00:00:00Z"), "pdf", "ana");
  }

  ReportResult run(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, String id, String type)
      throws IOException {
    return run(client, worker, id, request(id, type));
  }

  ReportResult run(WorkflowClient client, Worker worker, String id, ReportRequest request)
      throws IOException {
    ReportWorkflow wf =
        client.newWorkflowStub(
            ReportWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReportWorkflow.id("acme", id))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    ReportResult result = wf.run(request);
    RecordedHistories.save(client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "report-" + id);
    return result;
  }

  @Test
  void aReportIsStartedGeneratedAndReturned(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    ReportResult r = run(env, client, worker, "succeeded", "executive_summary");
    assertThat(r).isEqualTo(new ReportResult("file-succeeded", 2048, 3));
    assertThat(book.calls)
        .containsExactly("start succeeded", "generate succeeded executive_summary/pdf");
  }

  @Test
  void transientFailuresAreRetried(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    book.failuresLeft.set(2);
    ReportResult r = run(env, client, worker, "retried", "audit");
    assertThat(r.fileId()).isEqualTo("file-retried");
    assertThat(book.calls).filteredOn(c -> c.startsWith("generate")).hasSize(3);
    assertThat(book.calls).noneMatch(c -> c.startsWith("fail"));
  }

  @Test
  void aReportThatCannotBeBuiltFailsAtOnceWithTheReason(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    book.notBuildable = true;
    assertThat(run(env, client, worker, "not-buildable", "scan")).isNull();
    assertThat(book.calls)
        .containsExactly(
            "start not-buildable",
            "generate not-buildable scan/pdf",
            "fail not-buildable: no scan s-404");
  }

  @Test
  void aReportThatKeepsFailingIsMarkedFailedAfterThreeAttempts(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    book.failuresLeft.set(10);
    assertThat(run(env, client, worker, "exhausted", "audit")).isNull();
    assertThat(book.calls).filteredOn(c -> c.startsWith("generate")).hasSize(3);
    assertThat(book.calls.get(book.calls.size() - 1))
        .startsWith("fail exhausted: ")
        .contains("the file store is not reachable");
  }

  static ReportRequest mailed(String id) {
    ReportRequest r = request(id, "executive_summary");
    return new ReportRequest(
        r.tenant(),
        r.reportId(),
        r.type(),
        r.params(),
        r.format(),
        "schedule:weekly",
        new ReportRequest.Delivery("mail", List.of("ciso@example.org", "soc@example.org")));
  }

  @Test
  void aScheduledReportIsEmailedOnceGenerated(WorkflowClient client, Worker worker)
      throws IOException {
    ReportResult r = run(client, worker, "mailed", mailed("mailed"));
    assertThat(r.fileId()).isEqualTo("file-mailed");
    assertThat(book.calls)
        .containsExactly(
            "start mailed",
            "generate mailed executive_summary/pdf",
            "deliver file-mailed to [ciso@example.org, soc@example.org]");
  }

  @Test
  void aMailServerThatDoesNotAnswerIsTriedAgain(WorkflowClient client, Worker worker)
      throws IOException {
    book.mailFailuresLeft.set(2);
    ReportResult r = run(client, worker, "mail-retried", mailed("mail-retried"));
    assertThat(r.fileId()).isEqualTo("file-mail-retried");
    assertThat(book.calls).filteredOn(c -> c.startsWith("deliver")).hasSize(3);
    assertThat(book.calls).noneMatch(c -> c.startsWith("undelivered") || c.startsWith("fail"));
  }

  @Test
  void aRefusedEmailLeavesTheReportStandingWithWhy(WorkflowClient client, Worker worker)
      throws IOException {
    book.mailRefused = true;
    ReportResult r = run(client, worker, "mail-refused", mailed("mail-refused"));
    assertThat(r).as("the report was generated; only its e-mail failed").isNotNull();
    assertThat(book.calls)
        .filteredOn(c -> c.startsWith("deliver"))
        .as("a refusal is not retried")
        .hasSize(1);
    assertThat(book.calls)
        .last()
        .isEqualTo("undelivered mail-refused: SMTP server mail.example.org refused the login");
    assertThat(book.calls).noneMatch(c -> c.startsWith("fail"));
  }

  static Stream<Path> histories() throws IOException {
    Files.createDirectories(DIR);
    return RecordedHistories.in(
            DIR, "report-succeeded", "report-not-buildable", "report-mailed", "report-mail-refused")
        .filter(p -> !p.getFileName().toString().startsWith("report-schedule-"));
  }

  @ParameterizedTest
  @MethodSource("histories")
  void recordedHistoriesReplay(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        io.temporal.common.WorkflowExecutionHistory.fromJson(Files.readString(history)),
        ReportWorkflowImpl.class);
  }
}
