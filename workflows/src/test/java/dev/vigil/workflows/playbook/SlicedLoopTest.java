package dev.vigil.workflows.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.projection.RunEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Loops of more than 250 items run in child slices; on a real (test) Temporal service they behave
 * as the run does: cancel, cancel with rollback, approvals, variables, child runs, step states.
 */
class SlicedLoopTest {

  static final ScriptedActions actions = new ScriptedActions();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      Runs.temporal(actions, new RecordingNotifications());

  @BeforeEach
  void reset() {
    actions.reset();
    Runs.projection.events.clear();
  }

  static List<String> hosts(int n) {
    return IntStream.range(0, n).mapToObj(i -> "h" + i).toList();
  }

  static RunResult result(PlaybookRunWorkflow run) throws Exception {
    // a hang is the defect these tests look for: never wait without a bound
    return WorkflowStub.fromTyped(run).getResult(60, TimeUnit.SECONDS, RunResult.class);
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void cancellingASlicedLoopEndsTheRunCancelled(WorkflowClient client, Worker worker)
      throws Exception {
    String def =
        """
        {"key": "sweep", "title": "Sweep", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "concurrency": 5, "do": [
            {"id": "check", "action": "core.echo", "with": {"h": "${{ item }}", "gated": "${{ index >= 20 }}"}}]},
          {"id": "after", "action": "core.log", "with": {"message": "done"}}
        ]}
        """;
    actions.gate = new java.util.concurrent.CountDownLatch(1); // see the rollback test below
    PlaybookRunWorkflow run = start(client, worker, "sweep-cancel", def, 600);
    eventually(() -> actions.held.get() == 5); // items 20-24 are in flight
    run.cancel(new CancelRequest(false, "bob", "enough"));
    Thread.sleep(500);
    actions.gate.countDown();

    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(r.error().message()).isEqualTo("cancelled by bob: enough");
    assertThat(actions.calls).hasSizeLessThan(600).doesNotContain("after:core.log");
    RunState s = run.state();
    assertThat(step(s, "each").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(step(s, "check").status()).isIn(StepStatus.CANCELLED, StepStatus.SUCCEEDED);
    assertThat(step(s, "after").status()).isEqualTo(StepStatus.PENDING);
  }

  @Test
  void cancelWithRollbackUndoesEveryIterationThatWrote(WorkflowClient client, Worker worker)
      throws Exception {
    // The second slice's writes from item 260 on are held in flight while the cancel arrives, so
    // no write completes in the workflow task that requests its cancellation (Temporal's test
    // service wedges on that race, sdk-java#2391; a cluster does not).
    actions.gate = new java.util.concurrent.CountDownLatch(1);
    String def =
        """
        {"key": "block-all", "title": "Block all", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "concurrency": 4, "do": [
            {"id": "block", "action": "http.request",
             "with": {"method": "POST", "url": "${{ 'https://fw.example.com/' + item }}", "gated": "${{ index >= 260 }}"},
             "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "${{ 'https://fw.example.com/' + item }}"}}}]}
        ]}
        """;
    PlaybookRunWorkflow run = start(client, worker, "block-rollback", def, 600);
    eventually(() -> actions.held.get() == 4); // items 260-263 are in flight
    run.cancel(new CancelRequest(true, "bob", "wrong list"));
    Thread.sleep(500); // the cancel reaches the slice and its in-flight writes
    actions.gate.countDown();

    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    List<String> posted =
        actions.sideEffects.stream()
            .filter(e -> e.startsWith("POST "))
            .map(e -> e.substring(5))
            .toList();
    List<String> deleted =
        actions.sideEffects.stream()
            .filter(e -> e.startsWith("DELETE "))
            .map(e -> e.substring(7))
            .toList();
    // the 260 writes before the gate, and the 4 that were in flight when the cancel came
    assertThat(posted).hasSize(264);
    // every write that may have landed is compensated, those of both slices
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(posted);
    assertThat(deleted).contains("https://fw.example.com/h0", "https://fw.example.com/h263");
  }

  @Test
  void approvalInsideASlicedLoopIsHeldAndDecidedByTheRun(WorkflowClient client, Worker worker)
      throws Exception {
    String def =
        """
        {"key": "review", "title": "Review", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "concurrency": 3, "do": [
            {"id": "ok", "when": "${{ index == 255 }}",
             "approval": {"prompt": "Block ${{ item }}?", "approvers": {"roles": ["analyst"]}}},
            {"id": "note", "action": "core.echo", "with": {"h": "${{ item }}"}}]}
        ], "outputs": {"n": "${{ size(steps.each.output) }}"}}
        """;
    PlaybookRunWorkflow run = start(client, worker, "review", def, 260);
    PlaybookRunWorkflowTest.awaitState(
        run, s -> s.status() == RunStatus.WAITING_APPROVAL && s.approvals().size() == 1);
    ApprovalState open = run.state().approvals().get(0);
    assertThat(open.stepId()).isEqualTo("each.255.ok");
    assertThat(open.prompt()).isEqualTo("Block h255?");

    // the run applies its own rules to the slice's approval: four-eyes, then a valid vote
    assertThatThrownBy(
            () ->
                run.decide(
                    new ApprovalDecision(
                        "acme", "each.255.ok", "approve", "alice", List.of("analyst"), null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause()
        .hasMessageContaining("alice started this run and may not approve it (four-eyes)");
    StepState after =
        run.decide(
            new ApprovalDecision(
                "acme", "each.255.ok", "approve", "bob", List.of("analyst"), "ok"));
    assertThat(after.approval().status()).isEqualTo("approved");

    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs()).containsEntry("n", 260L);
    assertThat(actions.calls).hasSize(260);
    assertThat(Runs.projection.events)
        .anyMatch(
            e ->
                e.type() == RunEvent.Type.VOTE
                    && e.approval().stepId().equals("each.255.ok")
                    && e.vote().actor().equals("bob"));
  }

  @Test
  void variablesSetInASlicedLoopReachTheRunAndItsStepStates(WorkflowClient client, Worker worker)
      throws Exception {
    String def =
        """
        {"key": "tally", "title": "Tally", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "do": [
            {"id": "remember", "set": {"last": "${{ item }}"}}]}
        ], "outputs": {"last": "${{ vars.last }}"}}
        """;
    PlaybookRunWorkflow run = start(client, worker, "tally", def, 300);
    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs()).containsEntry("last", "h299");
    assertThat(step(run.state(), "remember").status()).isEqualTo(StepStatus.SUCCEEDED);
    RunEvent ended =
        Runs.projection.events.stream()
            .filter(e -> e.runId().equals("tally") && e.type() == RunEvent.Type.RUN_ENDED)
            .findFirst()
            .orElseThrow();
    assertThat(ended.steps())
        .anyMatch(
            p -> p.state().id().equals("remember") && p.state().status() == StepStatus.SUCCEEDED);
  }

  @Test
  void childRunsInsideASlicedLoopHaveAddressableIdsTheProjectionKnows(
      WorkflowClient client, Worker worker) throws Exception {
    String def =
        """
        {"key": "fan-out", "title": "Fan out", "steps": [
          {"id": "each", "forEach": "${{ inputs.hosts }}", "concurrency": 4, "do": [
            {"id": "sub", "when": "${{ index >= 258 }}", "playbook": "child-pb", "with": {"n": "${{ index }}"}}]}
        ]}
        """;
    String child =
        "{\"key\": \"child-pb\", \"title\": \"c\", \"steps\": [{\"id\": \"c\", \"action\": \"core.echo\", \"with\": {\"n\": \"${{ inputs.n }}\"}}]}";
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input(
                "fan-out",
                def,
                Map.of("hosts", hosts(260)),
                RunMode.LIVE,
                new PinnedPlaybook("child-pb", 1, child)));
    assertThat(result(run).status()).isEqualTo(RunStatus.SUCCEEDED);
    for (String id : List.of("fan-out.each.258.sub", "fan-out.each.259.sub")) {
      assertThat(id).doesNotContain("/");
      assertThat(Runs.historyLength(client, StartRunInput.workflowId("acme", id))).isPositive();
      assertThat(Runs.projection.events)
          .anyMatch(
              e ->
                  e.type() == RunEvent.Type.RUN_ENDED
                      && e.runId().equals(id)
                      && e.workflowId().equals(StartRunInput.workflowId("acme", id)));
    }
  }

  @Test
  void aSliceCarriesOnlyWhatTheLoopBodyReads(WorkflowClient client, Worker worker)
      throws Exception {
    String def =
        """
        {"key": "lean", "title": "Lean", "steps": [
          {"id": "big", "action": "core.echo", "with": {"blob": "${{ inputs.blob }}"}},
          {"id": "small", "action": "core.echo", "with": {"tag": "t"}},
          {"id": "each", "forEach": "${{ inputs.hosts }}", "concurrency": 8, "do": [
            {"id": "check", "action": "core.echo", "with": {"h": "${{ item }}", "tag": "${{ steps.small.output.tag }}"}}]}
        ], "outputs": {"tag": "${{ steps.each.output[299].tag }}"}}
        """;
    String blob = "BLOB-" + "x".repeat(200_000);
    PlaybookRunWorkflow run =
        Runs.start(
            client,
            worker.getTaskQueue(),
            Runs.input("lean", def, Map.of("hosts", hosts(300), "blob", blob), RunMode.LIVE));
    RunResult r = result(run);
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs()).containsEntry("tag", "t");
    String sliceInput =
        client
            .fetchHistory(StartRunInput.workflowId("acme", "lean") + "/each/slice-0")
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .toString();
    // neither the unread input nor the unread step output travels with the slice
    assertThat(sliceInput).doesNotContain("BLOB-").hasSizeLessThan(60_000);
  }

  static PlaybookRunWorkflow start(
      WorkflowClient client, Worker worker, String runId, String def, int items) {
    return Runs.start(
        client,
        worker.getTaskQueue(),
        Runs.input(runId, def, Map.of("hosts", hosts(items)), RunMode.LIVE));
  }

  static StepState step(RunState s, String id) {
    return s.steps().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }
}
