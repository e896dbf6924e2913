package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run workflow on Temporal's test service, with time skipping. */
class PlaybookRunWorkflowTest {

  static final ScriptedActions actions = new ScriptedActions();
  static final RecordingNotifications notifications = new RecordingNotifications();

  @RegisterExtension
  static final TestWorkflowExtension temporal = Runs.temporal(actions, notifications);

  @BeforeEach
  void reset() {
    actions.reset();
    notifications.sent.clear();
  }

  static final String APPROVAL =
      """
      {"key": "approve-block", "title": "Approve and block", "steps": [
        {"id": "ok", "approval": {"prompt": "Block ${{ inputs.ip }}?", "approvers": {"roles": ["analyst"]}, %s}},
        {"id": "block", "when": "${{ steps.ok.outcome == 'approved' }}", "action": "http.request",
         "with": {"method": "POST", "url": "https://fw.example.com/block", "json": {"ip": "${{ inputs.ip }}"}}}
      ], "outputs": {"outcome": "${{ steps.ok.outcome }}"}}
      """;

  @ParameterizedTest
  @CsvSource({"approve,approved,1", "reject,rejected,0"})
  void approvalTimeoutDecidesAsConfigured(
      String onTimeout, String outcome, int blocks, WorkflowClient client, Worker worker) {
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "t-" + onTimeout,
                APPROVAL.formatted("\"timeout\": \"30m\", \"onTimeout\": \"" + onTimeout + "\""),
                Map.of("ip", "203.0.113.5"),
                RunMode.LIVE));
    RunResult result = Runs.result(run);
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("outcome", outcome);
    assertThat(run.state().steps().get(0).output()).asString().contains("decidedBy=timeout");
    assertThat(actions.sideEffects).hasSize(blocks);
  }

  @Test
  void approvalTimeoutFailsWhenOnTimeoutIsFail(WorkflowClient client, Worker worker) {
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "t-fail",
                APPROVAL.formatted("\"timeout\": \"2h\", \"onTimeout\": \"fail\""),
                Map.of("ip", "203.0.113.5"),
                RunMode.LIVE));
    assertThatThrownBy(() -> Runs.result(run))
        .isInstanceOfSatisfying(
            WorkflowFailedException.class,
            e -> {
              ApplicationFailure af = (ApplicationFailure) e.getCause();
              assertThat(af.getType()).isEqualTo(FailureTypes.RUN_FAILED);
              RunResult details = af.getDetails().get(0, RunResult.class, RunResult.class);
              assertThat(details.error().type()).isEqualTo(FailureTypes.APPROVAL_TIMED_OUT);
            });
    StepState ok = run.state().steps().get(0);
    assertThat(ok.outcome()).isEqualTo("timed_out");
    assertThat(ok.status()).isEqualTo(StepStatus.FAILED);
    assertThat(actions.sideEffects).isEmpty();
  }

  @Test
  void escalatesWhileOpenAndRefusedDecisionsNeverEnterHistory(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String def =
        APPROVAL.formatted(
            "\"quorum\": 2, \"timeout\": \"4h\", \"escalate\": [{\"after\": \"30m\", \"notify\": [\"role:soc-lead\"]}, {\"after\": \"2h\", \"notify\": [\"channel:#soc\"], \"message\": \"Still open: ${{ inputs.ip }}\"}]");
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input("esc", def, Map.of("ip", "203.0.113.5"), RunMode.LIVE));
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);

    env.sleep(Duration.ofMinutes(45));
    awaitState(run, s -> s.approvals().get(0).escalated().size() == 1);
    assertThat(notifications.sent)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.recipients()).containsExactly("role:soc-lead");
              assertThat(n.message()).isEqualTo("Still waiting for a decision: Block 203.0.113.5?");
            });

    assertRefused(
        () ->
            run.decide(
                new ApprovalDecision("acme", "ok", "approve", "alice", List.of("analyst"), null)),
        FailureTypes.DECISION_FOUR_EYES);
    assertRefused(
        () ->
            run.decide(
                new ApprovalDecision("acme", "ok", "approve", "eve", List.of("viewer"), null)),
        FailureTypes.DECISION_NOT_ALLOWED);
    assertRefused(
        () ->
            run.decide(
                new ApprovalDecision("globex", "ok", "approve", "bob", List.of("analyst"), null)),
        FailureTypes.DECISION_NOT_ALLOWED);
    assertRefused(
        () ->
            run.decide(
                new ApprovalDecision("acme", "ghost", "approve", "bob", List.of("analyst"), null)),
        FailureTypes.DECISION_UNKNOWN_STEP);
    StepState afterBob =
        run.decide(
            new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), "looks bad"));
    assertThat(afterBob.status()).isEqualTo(StepStatus.WAITING);
    assertThat(afterBob.approval().votes())
        .singleElement()
        .satisfies(v -> assertThat(v.comment()).isEqualTo("looks bad"));
    assertRefused(
        () ->
            run.decide(
                new ApprovalDecision("acme", "ok", "approve", "bob", List.of("analyst"), null)),
        FailureTypes.DECISION_DUPLICATE_VOTE);

    env.sleep(Duration.ofMinutes(90));
    awaitState(run, s -> s.approvals().get(0).escalated().size() == 2);
    assertThat(notifications.sent.get(1).message()).isEqualTo("Still open: 203.0.113.5");

    StepState done =
        run.decide(
            new ApprovalDecision("acme", "ok", "approve", "carol", List.of("analyst"), null));
    assertThat(done.outcome()).isEqualTo("approved");
    assertThat(Runs.result(run).outputs()).containsEntry("outcome", "approved");
    assertThat(actions.sideEffects).containsExactly("POST https://fw.example.com/block");

    List<RunEvent> events = Runs.projection.of("esc");
    assertThat(events).extracting(RunEvent::seq).isSorted().doesNotHaveDuplicates();
    assertThat(events.get(0).seq()).isEqualTo(1);
    assertThat(events)
        .extracting(RunEvent::type)
        .containsExactly(
            RunEvent.Type.RUN_STARTED,
            RunEvent.Type.APPROVAL,
            RunEvent.Type.VOTE,
            RunEvent.Type.APPROVAL,
            RunEvent.Type.STEPS,
            RunEvent.Type.RUN_ENDED);
    assertThat(events.get(1).status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(events.get(2).vote().actor()).as("bob's vote, recorded as it came").isEqualTo("bob");
    RunEvent closed = events.get(3);
    assertThat(closed.approval().status()).isEqualTo("approved");
    assertThat(closed.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(closed.vote().actor())
        .as("the deciding vote, the close and the step's end are one write")
        .isEqualTo("carol");
    assertThat(closed.steps())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.state().id()).isEqualTo("ok");
              assertThat(p.state().status()).isEqualTo(StepStatus.SUCCEEDED);
            });
    assertThat(events.get(5).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(events.get(5).outputs()).containsEntry("outcome", "approved");

    String id = StartRunInput.workflowId("acme", "esc");
    assertThat(Runs.count(client, id, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .isEqualTo(2);
    assertThat(Runs.count(client, id, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED))
        .isEqualTo(2);
  }

  @Test
  void retriesAFlakyActionAndReportsAttempts(WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "flaky", "title": "Flaky", "steps": [
          {"id": "try", "action": "core.echo", "with": {"failTimes": 2}, "retry": {"maxAttempts": 5, "initialInterval": "1s"}}
        ]}
        """;
    PlaybookRunWorkflow run =
        Runs.start(client, worker.getTaskQueue(), Runs.input("flaky", def, Map.of(), RunMode.LIVE));
    assertThat(Runs.result(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.state().steps().get(0).attempts()).isEqualTo(3);
    assertThat(actions.calls).hasSize(3);
  }

  @Test
  void doesNotRetryErrorsTheActionDeclaresNonRetryable(WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "client-error", "title": "Client error", "steps": [
          {"id": "call", "action": "http.request", "with": {"url": "https://api.example.com/fail-client"}, "retry": {"maxAttempts": 5}}
        ]}
        """;
    PlaybookRunWorkflow run =
        Runs.start(
            client, worker.getTaskQueue(), Runs.input("nonretry", def, Map.of(), RunMode.LIVE));
    assertThatThrownBy(() -> Runs.result(run)).isInstanceOf(WorkflowFailedException.class);
    StepState call = run.state().steps().get(0);
    assertThat(call.status()).isEqualTo(StepStatus.FAILED);
    assertThat(call.error().type()).isEqualTo(FailureTypes.HTTP_CLIENT_ERROR);
    assertThat(call.attempts()).isEqualTo(1);
    assertThat(actions.calls).hasSize(1);
  }

  @Test
  void actionTimeoutFailsTheStep(WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "slow", "title": "Slow", "steps": [
          {"id": "slow", "action": "core.echo", "with": {"sleepMs": 3000}, "timeout": "1s", "retry": {"maxAttempts": 1}, "onError": "continue"}
        ]}
        """;
    PlaybookRunWorkflow run =
        Runs.start(client, worker.getTaskQueue(), Runs.input("slow", def, Map.of(), RunMode.LIVE));
    assertThat(Runs.result(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.state().steps().get(0).error().type()).isEqualTo(FailureTypes.STEP_TIMEOUT);
  }

  @Test
  void waitsForADurationAndUntilATimeWithTimeSkipping(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String until =
        java.time.Instant.ofEpochMilli(env.currentTimeMillis())
            .plus(Duration.ofDays(30))
            .toString();
    String def =
        """
        {"key": "waiting", "title": "Waiting", "steps": [
          {"id": "week", "wait": {"duration": "7d"}},
          {"id": "month", "wait": {"until": "${{ inputs.until }}"}}
        ]}
        """;
    long start = env.currentTimeMillis();
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input("wait", def, Map.of("until", until), RunMode.LIVE));
    assertThat(Runs.result(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(env.currentTimeMillis() - start)
        .isGreaterThanOrEqualTo(Duration.ofDays(30).toMillis());
    assertThat(run.state().steps().get(1).output()).isEqualTo(Map.of("until", until));
  }

  @Test
  void forEachNeverExceedsItsConcurrencyOnTemporal(WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "fan-out", "title": "Fan out", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "as": "host", "concurrency": 4, "do": [
            {"id": "scan", "action": "core.echo", "with": {"host": "${{ host }}", "sleepMs": 150}}
          ]}
        ], "outputs": {"hosts": "${{ steps.each.output.map(o, o.host) }}"}}
        """;
    List<String> hosts = java.util.stream.IntStream.range(0, 16).mapToObj(i -> "h" + i).toList();
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input("fan", def, Map.of("hosts", hosts), RunMode.LIVE));
    RunResult r = Runs.result(run);
    assertThat(r.outputs().get("hosts")).isEqualTo(hosts);
    assertThat(actions.maxInFlight.get()).isBetween(2, 4);
  }

  @Test
  void parallelAnyCancelsTheLosingBranch(WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "race", "title": "Race", "steps": [
          {"id": "race", "join": "any", "parallel": [
            [{"id": "quick", "action": "core.echo", "with": {"who": "quick"}}],
            [{"id": "nap", "wait": {"duration": "1h"}}, {"id": "late", "action": "core.echo", "with": {"who": "late"}}]
          ]}
        ], "outputs": {"winner": "${{ steps.race.output[0].who }}"}}
        """;
    PlaybookRunWorkflow run =
        Runs.start(client, worker.getTaskQueue(), Runs.input("race", def, Map.of(), RunMode.LIVE));
    assertThat(Runs.result(run).outputs()).containsEntry("winner", "quick");
    assertThat(stepStatus(run, "nap")).isEqualTo(StepStatus.CANCELLED);
    assertThat(stepStatus(run, "late")).isEqualTo(StepStatus.CANCELLED);
    assertThat(actions.calls).containsExactly("quick:core.echo");
    assertThat(
            Runs.count(
                client,
                StartRunInput.workflowId("acme", "race"),
                EventType.EVENT_TYPE_TIMER_CANCELED))
        .isEqualTo(1);
  }

  @Test
  void childPlaybookRunsAsAChildWorkflowWithThePinnedDefinition(
      WorkflowClient client, Worker worker) {
    String child =
        """
        {"key": "enrich-ip", "title": "Enrich", "inputs": {"type": "object", "required": ["ip"]},
         "steps": [{"id": "look", "action": "core.echo", "with": {"ip": "${{ inputs.ip }}", "score": 91}}],
         "outputs": {"score": "${{ steps.look.output.score }}"}}
        """;
    String parent =
        """
        {"key": "parent", "title": "Parent", "steps": [
          {"id": "sub", "playbook": "enrich-ip", "version": 7, "with": {"ip": "${{ inputs.ip }}"}}
        ], "outputs": {"score": "${{ steps.sub.output.score }}"}}
        """;
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "parent",
                parent,
                Map.of("ip", "192.0.2.1"),
                RunMode.LIVE,
                new PinnedPlaybook("enrich-ip", 7, child)));
    assertThat(Runs.result(run).outputs()).containsEntry("score", 91L);
    assertThat(Runs.historyLength(client, "run/acme/parent.sub")).isPositive();
  }

  @Test
  void cancelSignalWithRollbackUndoesCompletedStepsInReverseOrder(
      WorkflowClient client, Worker worker) {
    String def =
        """
        {"key": "contain", "title": "Contain", "steps": [
          {"id": "isolate", "action": "http.request", "with": {"method": "POST", "url": "https://edr.example.com/isolate"},
           "undo": {"action": "http.request", "with": {"method": "POST", "url": "https://edr.example.com/release"}}},
          {"id": "disable", "action": "http.request", "with": {"method": "POST", "url": "https://idp.example.com/disable"},
           "undo": {"action": "http.request", "with": {"method": "POST", "url": "https://idp.example.com/enable"}}},
          {"id": "confirm", "approval": {"prompt": "Keep contained?", "approvers": {"roles": ["analyst"]}}}
        ]}
        """;
    PlaybookRunWorkflow run =
        Runs.start(
            client, worker.getTaskQueue(), Runs.input("cancel", def, Map.of(), RunMode.LIVE));
    awaitState(run, s -> s.status() == RunStatus.WAITING_APPROVAL);
    run.cancel(new CancelRequest(true, "bob", "false positive"));
    RunResult r = Runs.result(run);
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(actions.sideEffects)
        .containsExactly(
            "POST https://edr.example.com/isolate", "POST https://idp.example.com/disable",
            "POST https://idp.example.com/enable", "POST https://edr.example.com/release");
    assertThat(stepStatus(run, "isolate")).isEqualTo(StepStatus.UNDONE);
    assertThat(stepStatus(run, "confirm")).isEqualTo(StepStatus.CANCELLED);
  }

  @Test
  void dryRunExecutesNoWriteAction(WorkflowClient client, Worker worker) {
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "dry",
                APPROVAL.formatted("\"timeout\": \"1m\", \"onTimeout\": \"approve\""),
                Map.of("ip", "203.0.113.5"),
                RunMode.DRY_RUN));
    assertThat(Runs.result(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(actions.sideEffects).isEmpty();
    StepState block = run.state().steps().get(1);
    assertThat(block.simulated()).isTrue();
    assertThat(block.status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  private static StepStatus stepStatus(PlaybookRunWorkflow run, String id) {
    return run.state().steps().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow()
        .status();
  }

  private static void assertRefused(Runnable call, String type) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            WorkflowUpdateException.class,
            e -> assertThat(((ApplicationFailure) e.getCause()).getType()).isEqualTo(type));
  }

  static void awaitState(PlaybookRunWorkflow run, Predicate<RunState> p) {
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    RunState s = null;
    while (System.nanoTime() < end) {
      s = run.state();
      if (p.test(s)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("state not reached: " + s);
  }
}
