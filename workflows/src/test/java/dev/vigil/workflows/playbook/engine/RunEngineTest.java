package dev.vigil.workflows.playbook.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter's control flow, without Temporal. */
class RunEngineTest {

  @Test
  void runsStepsInOrderWithTypedExpressionsVariablesAndOutputs() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t",
             "inputs": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
             "steps": [
               {"id": "a", "action": "core.echo", "with": {"n": "${{ inputs.n + 1 }}", "text": "n is ${{ inputs.n }}"}},
               {"id": "s", "set": {"double": "${{ steps.a.output.n * 2 }}"}},
               {"id": "b", "action": "core.echo", "with": {"v": "${{ vars.double }}", "list": ["${{ run.id }}", "${{ run.startedBy }}"]}}
             ],
             "outputs": {"v": "${{ steps.b.output.v }}", "text": "${{ steps.a.output.text }}", "ok": "${{ steps.b.status == 'succeeded' }}"}}
            """,
            Map.of("n", 20L));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs())
        .containsEntry("v", 42L)
        .containsEntry("text", "n is 20")
        .containsEntry("ok", true);
    assertThat(h.step("b").output()).isEqualTo(Map.of("v", 42L, "list", List.of("r1", "alice")));
    assertThat(h.host.calls).containsExactly("a:core.echo", "b:core.echo");
  }

  @Test
  void ifRunsOneBranchAndSkipsTheOtherSwitchPicksByStringForm() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "decide", "if": "${{ inputs.score >= 70 }}",
               "then": [{"id": "high", "action": "core.echo", "with": {"x": "high"}}],
               "else": [{"id": "low", "action": "core.echo", "with": {"x": "low"}}]},
              {"id": "route", "switch": "${{ inputs.level }}",
               "cases": {"3": [{"id": "three", "action": "core.echo", "with": {"x": 3}}],
                         "1": [{"id": "one", "action": "core.echo", "with": {"x": 1}}]},
               "default": [{"id": "other", "action": "core.echo", "with": {"x": 0}}]}
            ], "outputs": {"branch": "${{ steps.decide.output.x }}", "routed": "${{ steps.route.output.x }}"}}
            """,
            Map.of("score", 80L, "level", 3L));
    RunResult r = h.run();
    assertThat(r.outputs()).containsEntry("branch", "high").containsEntry("routed", 3L);
    assertThat(h.step("low").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.step("one").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.step("other").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.host.calls).containsExactly("high:core.echo", "three:core.echo");
  }

  @Test
  void falseGuardSkipsTheStepAndLaterStepsSeeIt() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "maybe", "when": "${{ inputs.go }}", "action": "core.echo", "with": {"x": 1}},
              {"id": "after", "action": "core.echo", "with": {"saw": "${{ steps.maybe.status }}", "out": "${{ steps.maybe.output }}"}}
            ]}
            """,
            Map.of("go", false));
    h.run();
    assertThat(h.step("maybe").status()).isEqualTo(StepStatus.SKIPPED);
    Map<String, Object> expected = new java.util.HashMap<>();
    expected.put("saw", "skipped");
    expected.put("out", null);
    assertThat(h.step("after").output()).isEqualTo(expected);
  }

  @Test
  void onErrorContinueAndHandlersSeeTheError() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "soft", "fail": "soft failure", "onError": "continue"},
              {"id": "hard", "fail": "boom ${{ inputs.x }}", "onError": [
                 {"id": "handle", "action": "core.echo", "with": {"msg": "${{ error.message }}", "st": "${{ steps.hard.status }}"}}]},
              {"id": "last", "action": "core.echo", "with": {}}
            ]}
            """,
            Map.of("x", "!"));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("soft").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.step("hard").error().message()).isEqualTo("boom !");
    assertThat(h.step("handle").output()).isEqualTo(Map.of("msg", "boom !", "st", "failed"));
    assertThat(h.step("last").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  void runtimeExpressionErrorFailsTheStepWithExpressionAndPointer() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "a", "action": "core.echo", "with": {"deep": {"x": "${{ inputs.missing.field }}"}}}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.EXPRESSION_ERROR);
    assertThat(r.error().pointer()).isEqualTo("/steps/0/with/deep/x");
    assertThat(r.error().expression()).isEqualTo("inputs.missing.field");
    assertThat(r.error().message())
        .contains("inputs.missing.field")
        .contains("/steps/0/with/deep/x");
    assertThat(h.step("a").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void inputsNotMatchingTheSchemaFailTheRunBeforeAnyStep() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t",
             "inputs": {"type": "object", "required": ["src_ip"], "properties": {"src_ip": {"type": "string", "format": "ipv4"}}},
             "steps": [{"id": "a", "action": "core.echo", "with": {}}]}
            """,
            Map.of("src_ip", "not-an-ip"));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_RUN_INPUTS);
    assertThat(r.error().message()).contains("/src_ip");
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void rollbackRunsUndoOfCompletedStepsInReverseOrderOfCompletion() {
    List<String> executed = Collections.synchronizedList(new ArrayList<>());
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
              {"id": "one", "action": "core.echo", "with": {"n": 1}, "undo": {"action": "core.log", "with": {"message": "undo one ${{ steps.one.output.n }}"}}},
              {"id": "two", "action": "core.echo", "with": {"n": 2}, "undo": {"action": "core.log", "with": {"message": "undo two"}}},
              {"id": "plain", "action": "core.echo", "with": {}},
              {"id": "three", "action": "core.echo", "with": {"n": 3}, "undo": {"action": "core.log", "with": {"message": "undo three"}}},
              {"id": "boom", "fail": "stop here"}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              executed.add(inv.summary());
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(r.error().message()).isEqualTo("stop here");
    assertThat(executed)
        .containsExactly(
            "one: core.echo",
            "two: core.echo",
            "plain: core.echo",
            "three: core.echo",
            "undo three: core.log",
            "undo two: core.log",
            "undo one: core.log");
    assertThat(h.step("one").status()).isEqualTo(StepStatus.UNDONE);
    assertThat(h.step("three").status()).isEqualTo(StepStatus.UNDONE);
    assertThat(h.step("plain").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  void dryRunPreviewsWriteActionsWithoutExecutingThem() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "read", "action": "core.echo", "with": {"ip": "${{ inputs.ip }}"}},
              {"id": "lookup", "action": "http.request", "with": {"url": "https://intel.example.com/ip/${{ inputs.ip }}"}},
              {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/block", "json": {"ip": "${{ steps.read.output.ip }}"}}}
            ]}
            """,
            Map.of("ip", "203.0.113.9"),
            RunMode.DRY_RUN,
            "alice",
            inv -> inv.request().with());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.host.calls).containsExactly("read:core.echo", "lookup:http.request");
    assertThat(h.step("lookup").simulated()).isFalse();
    assertThat(h.step("block").simulated()).isTrue();
    assertThat(h.step("block").output())
        .isEqualTo(
            Map.of(
                "simulated",
                true,
                "action",
                "http.request",
                "sideEffect",
                "write",
                "with",
                Map.of(
                    "method", "POST",
                    "url", "https://fw.example.com/block",
                    "json", Map.of("ip", "203.0.113.9"))));
  }

  @Test
  void forEachNeverExceedsItsConcurrencyAndKeepsItemOrder() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ inputs.hosts }}", "as": "host", "concurrency": 3, "do": [
                {"id": "scan", "action": "core.echo", "with": {"host": "${{ host }}", "i": "${{ index }}"}}
              ]}
            ]}
            """,
            Map.of("hosts", List.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9")),
            RunMode.LIVE,
            "alice",
            inv -> {
              sleep(40);
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.host.maxInFlight.get()).isEqualTo(3);
    List<?> out = (List<?>) h.step("each").output();
    assertThat(out).hasSize(10);
    for (int i = 0; i < 10; i++) {
      assertThat(out.get(i)).isEqualTo(Map.of("host", "h" + i, "i", (long) i));
    }
  }

  @Test
  void forEachFailureFailsTheLoopWithTheItemIndex() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ [1, 2, 0, 4] }}", "do": [
                {"id": "div", "action": "core.echo", "with": {"v": "${{ 10 / item }}"}}
              ]}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().message()).startsWith("item 2: ");
    assertThat(h.host.calls).hasSize(2);
  }

  @Test
  void parallelAllReturnsEachBranchOutput() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "fan", "parallel": [
                [{"id": "a", "action": "core.echo", "with": {"b": 1}}],
                [{"id": "b1", "action": "core.echo", "with": {"b": 2}}, {"id": "b2", "action": "core.echo", "with": {"b": "${{ steps.b1.output.b + 1 }}"}}]
              ]}
            ], "outputs": {"fan": "${{ steps.fan.output }}"}}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.outputs().get("fan")).isEqualTo(List.of(Map.of("b", 1L), Map.of("b", 3L)));
  }

  @Test
  void parallelAnyCancelsTheLosingBranch() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "race", "join": "any", "parallel": [
                [{"id": "fast", "action": "core.echo", "with": {"speed": "fast"}}],
                [{"id": "slow", "action": "core.echo", "with": {"speed": "slow"}}, {"id": "never", "action": "core.echo", "with": {}}]
              ]}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              if ("slow".equals(inv.request().with().get("speed"))) {
                sleep(300);
              }
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("race").output())
        .isEqualTo(java.util.Arrays.asList(Map.of("speed", "fast"), null));
    assertThat(h.step("slow").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(h.step("never").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(h.host.calls).doesNotContain("never:core.echo");
  }

  @Test
  void childPlaybookRunsThePinnedDefinitionAndReturnsItsOutputs() {
    String child =
        """
        {"key": "child", "title": "c", "inputs": {"type": "object", "required": ["x"]},
         "steps": [{"id": "c", "action": "core.echo", "with": {"y": "${{ inputs.x * 10 }}"}}],
         "outputs": {"y": "${{ steps.c.output.y }}"}}
        """;
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "sub", "playbook": "child", "with": {"x": 4}},
              {"id": "after", "action": "core.echo", "with": {"y": "${{ steps.sub.output.y }}"}}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> inv.request().with(),
            new PinnedPlaybook("child", 3, child));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("after").output()).isEqualTo(Map.of("y", 40L));
  }

  @Test
  void approvalQuorumOfTwoDistinctApprovers() {
    EngineHarness h = approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}, \"quorum\": 2");
    h.start();
    h.awaitWaiting("ok");
    assertThat(h.state().approvals().get(0).prompt()).isEqualTo("Block 198.51.100.7?");
    h.decide("ok", "approve", "bob", "analyst");
    assertThat(h.state().approvals().get(0).votes()).hasSize(1);
    assertThat(h.step("ok").status()).isEqualTo(StepStatus.WAITING);
    assertThatThrownBy(() -> h.decide("ok", "approve", "bob", "analyst"))
        .isInstanceOfSatisfying(
            DecisionRejected.class,
            e -> assertThat(e.type()).isEqualTo(FailureTypes.DECISION_DUPLICATE_VOTE));
    h.decide("ok", "approve", "carol", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("ok").outcome()).isEqualTo("approved");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  void approvalValidatorRefusesFourEyesStrangersUnknownStepsAndStepsNotWaiting() {
    EngineHarness h =
        approvalRun("\"approvers\": {\"roles\": [\"analyst\"], \"users\": [\"dave\"]}");
    h.start();
    h.awaitWaiting("ok");
    assertRejected(h, "ok", "approve", "alice", FailureTypes.DECISION_FOUR_EYES, "analyst");
    assertRejected(h, "ok", "approve", "mallory", FailureTypes.DECISION_NOT_ALLOWED, "viewer");
    assertRejected(h, "nope", "approve", "bob", FailureTypes.DECISION_UNKNOWN_STEP, "analyst");
    assertRejected(h, "block", "approve", "bob", FailureTypes.DECISION_NOT_WAITING, "analyst");
    assertRejected(h, "ok", "maybe", "bob", FailureTypes.DECISION_INVALID, "analyst");
    assertThat(h.state().approvals().get(0).votes()).isEmpty();
    h.decide("ok", "approve", "dave");
    assertThat(h.join().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertRejected(h, "ok", "approve", "bob", FailureTypes.DECISION_NOT_WAITING, "analyst");
  }

  @Test
  void rejectionSetsOutcomeAndGuardsSkipTheGuardedStep() {
    EngineHarness h = approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}");
    h.start();
    h.awaitWaiting("ok");
    h.decide("ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("ok").outcome()).isEqualTo("rejected");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(h.host.calls).isEmpty();
  }

  @Test
  void rejectionFailsTheStepWhenOnRejectIsFail() {
    EngineHarness h =
        approvalRun("\"approvers\": {\"roles\": [\"analyst\"]}, \"onReject\": \"fail\"");
    h.start();
    h.awaitWaiting("ok");
    h.decide("ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.APPROVAL_REJECTED);
    assertThat(r.error().message()).contains("bob");
  }

  @Test
  void cancelWithRollbackUndoesCompletedStepsAndEndsRolledBack() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "one", "action": "core.echo", "with": {}, "undo": {"action": "core.log", "with": {"message": "undo"}}},
              {"id": "ok", "approval": {"prompt": "go?", "approvers": {"roles": ["analyst"]}}},
              {"id": "two", "action": "core.echo", "with": {}}
            ]}
            """,
            Map.of());
    h.start();
    h.awaitWaiting("ok");
    h.host.call(
        () -> {
          h.engine.requestCancel(new CancelRequest(true, "bob", "false positive"));
          return null;
        });
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(r.error().message()).isEqualTo("cancelled by bob: false positive");
    assertThat(h.step("one").status()).isEqualTo(StepStatus.UNDONE);
    assertThat(h.step("ok").status()).isEqualTo(StepStatus.CANCELLED);
    assertThat(h.step("two").status()).isEqualTo(StepStatus.PENDING);
    assertThat(h.host.calls).containsExactly("one:core.echo", "one:core.log");
    assertThat(h.state().approvals()).isEmpty();
  }

  @Test
  void definitionThatDoesNotParseFailsTheRunWithThePointer() {
    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"wait\": {}, \"set\": {}}]}",
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_DEFINITION);
    assertThat(r.error().pointer()).startsWith("/steps/0");
  }

  @Test
  void actionThatWasNotPinnedFailsItsStepWithThePointer() {
    // the engine does not consult today's catalog: what was not pinned at start does not exist
    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"nope.nothing\"}]}",
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.INVALID_DEFINITION);
    assertThat(r.error().pointer()).isEqualTo("/steps/0/action");
    assertThat(r.error().message()).contains("'nope.nothing' was not pinned");
  }

  @Test
  void timeoutOfANonActionStepFailsTheWholeStep() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "slow", "timeout": "100ms", "wait": {"duration": "30s"}, "onError": "continue"},
              {"id": "after", "action": "core.echo", "with": {"type": "${{ steps.slow.error.type }}"}}
            ]}
            """,
            Map.of());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(h.step("slow").status()).isEqualTo(StepStatus.FAILED);
    assertThat(h.step("slow").error().pointer()).isEqualTo("/steps/0/timeout");
    assertThat(h.step("after").output()).isEqualTo(Map.of("type", FailureTypes.STEP_TIMEOUT));
  }

  @Test
  void aFailingConcurrentLoopLetsInFlightIterationsFinishAndRollsThemBack() {
    List<String> executed = Collections.synchronizedList(new ArrayList<>());
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
              {"id": "each", "forEach": "${{ ['a', 'bad', 'c', 'd', 'e', 'f'] }}", "concurrency": 3, "do": [
                {"id": "isolate", "action": "core.echo", "with": {"h": "${{ item }}"},
                 "undo": {"action": "core.log", "with": {"message": "release ${{ item }}"}}}
              ]}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              Object h2 = inv.request().with().get("h");
              if ("bad".equals(h2)) {
                throw new StepFailure(FailureTypes.ACTION_FAILED, "agent offline");
              }
              if (h2 != null) {
                sleep(150); // still in flight when 'bad' fails
              }
              executed.add(inv.request().action() + " " + inv.request().with());
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(executed)
        .containsExactlyInAnyOrder(
            "core.echo {h=a}", "core.echo {h=c}",
            "core.log {message=release a}", "core.log {message=release c}");
    // a, bad and c were in flight; d, e and f never started
    assertThat(h.host.calls.stream().filter("isolate:core.echo"::equals).count()).isEqualTo(3);
    assertThat(h.host.calls).hasSize(5);
  }

  @Test
  void aFailingBranchOfParallelAllDoesNotCancelItsSiblingWhichIsRolledBack() {
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
              {"id": "fan", "parallel": [
                [{"id": "quick_fail", "fail": "nope"}],
                [{"id": "slow_ok", "action": "core.echo", "with": {"slow": true},
                  "undo": {"action": "core.log", "with": {"message": "undo slow"}}}]
              ]}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              if (Boolean.TRUE.equals(inv.request().with().get("slow"))) {
                sleep(150);
              }
              return inv.request().with();
            });
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(r.error().message()).isEqualTo("nope");
    assertThat(h.step("slow_ok").status()).isEqualTo(StepStatus.UNDONE);
    assertThat(h.host.calls).containsExactly("slow_ok:core.echo", "slow_ok:core.log");
  }

  @Test
  void largeLoopsRunInSlicesWhoseCompensationsReachTheRunsRollback() {
    int n = RunEngine.SLICE_SIZE + 50;
    List<Long> items = java.util.stream.LongStream.range(0, n).boxed().toList();
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
              {"id": "each", "forEach": "${{ inputs.items }}", "concurrency": 8, "do": [
                {"id": "touch", "action": "core.echo", "with": {"i": "${{ item }}"},
                 "undo": {"action": "core.log", "with": {"message": "untouch ${{ item }}"}}}
              ]},
              {"id": "count", "action": "core.echo", "with": {"n": "${{ size(steps.each.output) }}", "last": "${{ steps.each.output[%d].i }}"}},
              {"id": "stop", "fail": "stop"}
            ]}
            """
                .formatted(n - 1),
            Map.of("items", items),
            RunMode.LIVE,
            "alice",
            inv -> inv.request().with());
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(h.step("count").output()).isEqualTo(Map.of("n", (long) n, "last", (long) n - 1));
    assertThat(h.host.calls.stream().filter(c -> c.equals("touch:core.log")).count()).isEqualTo(n);
    assertThat(h.host.maxInFlight.get()).isLessThanOrEqualTo(8);
  }

  @Test
  void dryRunsSendNoEscalationAndExecuteNoWriteUndo() {
    String def =
        """
        {"key": "test-pb", "title": "t", "rollbackOnFailure": true, "steps": [
          {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/block"},
           "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://fw.example.com/block"}}},
          {"id": "ok", "approval": {"prompt": "go?", "approvers": {"roles": ["analyst"]},
           "escalate": [{"after": "50ms", "notify": ["role:lead"]}]}},
          {"id": "stop", "fail": "stop"}
        ]}
        """;
    for (RunMode mode : RunMode.values()) {
      EngineHarness h =
          new EngineHarness(def, Map.of(), mode, "alice", inv -> inv.request().with());
      h.start();
      h.awaitState(s -> s.approvals().size() == 1 && !s.approvals().get(0).escalated().isEmpty());
      h.decide("ok", "approve", "bob", "analyst");
      assertThat(h.join().status()).isEqualTo(RunStatus.ROLLED_BACK);
      if (mode == RunMode.DRY_RUN) {
        assertThat(h.host.escalations).isEmpty();
        assertThat(h.host.calls).isEmpty();
      } else {
        assertThat(h.host.escalations).hasSize(1);
        assertThat(h.host.calls).containsExactly("block:http.request", "block:http.request");
      }
    }
  }

  @Test
  void eachIterationOfASequentialLoopHasItsOwnApprovalAndVotes() {
    EngineHarness h =
        EngineHarness.of(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "each", "forEach": "${{ inputs.ips }}", "as": "ip", "do": [
                {"id": "ok", "approval": {"prompt": "Block ${{ ip }}?", "approvers": {"roles": ["analyst"]}}}]}
            ], "outputs": {"decisions": "${{ steps.each.output.map(o, o.decision) }}"}}
            """,
            Map.of("ips", List.of("192.0.2.1", "192.0.2.2")));
    h.start();
    h.awaitState(s -> s.approvals().size() == 1);
    assertThat(h.state().approvals().get(0).stepId()).isEqualTo("each.0.ok");
    h.decide("each.0.ok", "approve", "bob", "analyst");
    h.awaitState(
        s -> s.approvals().size() == 1 && s.approvals().get(0).stepId().equals("each.1.ok"));
    // the second iteration shows no stale vote and takes the same analyst's vote again
    assertThat(h.state().approvals().get(0).votes()).isEmpty();
    assertThat(h.state().approvals().get(0).prompt()).isEqualTo("Block 192.0.2.2?");
    h.decide("each.1.ok", "reject", "bob", "analyst");
    RunResult r = h.join();
    assertThat(r.outputs()).containsEntry("decisions", List.of("approved", "rejected"));
    assertThat(h.host.events)
        .filteredOn(e -> e.type() == dev.vigil.workflows.projection.RunEvent.Type.VOTE)
        .extracting(e -> e.approval().stepId() + ":" + e.vote().actor())
        .containsExactly("each.0.ok:bob", "each.1.ok:bob");
  }

  @Test
  void anEscalationThatCouldNotBeDeliveredIsNotRecordedAsSent() {
    EngineHarness h =
        approvalRun(
            "\"approvers\": {\"roles\": [\"analyst\"]}, \"escalate\": [{\"after\": \"30ms\", \"notify\": [\"role:admin\"]}]");
    h.host.deliverEscalations = false;
    h.start();
    h.awaitState(
        s -> s.approvals().size() == 1 && !s.approvals().get(0).escalationFailures().isEmpty());
    assertThat(h.state().approvals().get(0).escalated()).isEmpty();
    assertThat(h.state().approvals().get(0).escalationFailures()).containsExactly("role:admin");
    h.decide("ok", "approve", "bob", "analyst");
    assertThat(h.join().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  @Test
  void aWriteCancelledInFlightIsUndoneByTheRollback() {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/block"},
               "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "https://fw.example.com/block"}}}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              if ("POST".equals(inv.request().with().get("method"))) {
                started.countDown();
                sleep(300); // the write is in flight when the cancel arrives
              }
              return Map.of("status", 200);
            });
    h.start();
    try {
      started.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    h.host.call(
        () -> {
          h.engine.requestCancel(new dev.vigil.workflows.playbook.CancelRequest(true, "bob", "x"));
          return null;
        });
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    // whether the POST landed is unknown to the run: its undo runs
    assertThat(h.host.calls).containsExactly("block:http.request", "block:http.request");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.UNDONE);
  }

  @Test
  void oversizedInputsAndStepOutputsFailTheRunWithTheLimit() {
    String big = "x".repeat(300 * 1024);
    RunResult tooBig =
        EngineHarness.of(
                "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"core.echo\", \"with\": {}}]}",
                Map.of("s", big))
            .run();
    assertThat(tooBig.status()).isEqualTo(RunStatus.FAILED);
    assertThat(tooBig.error().type()).isEqualTo(FailureTypes.LIMIT_EXCEEDED);
    assertThat(tooBig.error().message()).isEqualTo("run inputs exceed 256 KiB");

    EngineHarness h =
        EngineHarness.of(
            "{\"key\": \"test-pb\", \"title\": \"t\", \"steps\": [{\"id\": \"twice\", \"set\": {\"v\": \"${{ inputs.s + inputs.s }}\"}}]}",
            Map.of("s", "y".repeat(200 * 1024)));
    RunResult r = h.run();
    assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    assertThat(r.error().type()).isEqualTo(FailureTypes.LIMIT_EXCEEDED);
    assertThat(r.error().pointer()).isEqualTo("/steps/0");
    assertThat(r.error().message()).isEqualTo("step output exceeds 256 KiB");
  }

  @Test
  void anUndoThatReadsItsStepsOutputIsNotRunForAWriteWhoseOutcomeIsUnknown() {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    EngineHarness h =
        new EngineHarness(
            """
            {"key": "test-pb", "title": "t", "steps": [
              {"id": "block", "action": "http.request", "with": {"method": "POST", "url": "https://fw.example.com/rules"},
               "undo": {"action": "http.request", "with": {"method": "DELETE", "url": "${{ 'https://fw.example.com/rules/' + string(steps.block.output.body.id) }}"}}}
            ]}
            """,
            Map.of(),
            RunMode.LIVE,
            "alice",
            inv -> {
              started.countDown();
              sleep(300);
              return Map.of("status", 201, "body", Map.of("id", 7));
            });
    h.start();
    try {
      started.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    h.host.call(
        () -> {
          h.engine.requestCancel(new dev.vigil.workflows.playbook.CancelRequest(true, "bob", "x"));
          return null;
        });
    assertThat(h.join().status()).isEqualTo(RunStatus.ROLLED_BACK);
    // the rule's id is unknown, so there is nothing the undo could name: it is not guessed
    assertThat(h.host.calls).containsExactly("block:http.request");
  }

  private static EngineHarness approvalRun(String approval) {
    return EngineHarness.of(
        """
        {"key": "test-pb", "title": "t", "steps": [
          {"id": "ok", "approval": {"prompt": "Block ${{ inputs.ip }}?", %s}},
          {"id": "block", "when": "${{ steps.ok.outcome == 'approved' }}", "action": "core.echo", "with": {"ip": "${{ inputs.ip }}"}}
        ]}
        """
            .formatted(approval),
        Map.of("ip", "198.51.100.7"));
  }

  private static void assertRejected(
      EngineHarness h, String step, String decision, String actor, String type, String... roles) {
    assertThatThrownBy(() -> h.validate(step, decision, actor, roles))
        .isInstanceOfSatisfying(DecisionRejected.class, e -> assertThat(e.type()).isEqualTo(type));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
