package dev.vigil.workflows.playbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.playbook.CancelRequest;
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

/** Cancellation and rollback in the interpreter: reverse order, loops, in-flight writes. */
class EngineCompensationTest {
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
                EngineHarness.sleep(150); // still in flight when 'bad' fails
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
                EngineHarness.sleep(150);
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
                EngineHarness.sleep(300); // the write is in flight when the cancel arrives
              }
              return Map.of("status", 200);
            });
    cancelWithRollbackOnce(h, started);
    RunResult r = h.join();
    assertThat(r.status()).isEqualTo(RunStatus.ROLLED_BACK);
    // whether the POST landed is unknown to the run: its undo runs
    assertThat(h.host.calls).containsExactly("block:http.request", "block:http.request");
    assertThat(h.step("block").status()).isEqualTo(StepStatus.UNDONE);
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
              EngineHarness.sleep(300);
              return Map.of("status", 201, "body", Map.of("id", 7));
            });
    cancelWithRollbackOnce(h, started);
    assertThat(h.join().status()).isEqualTo(RunStatus.ROLLED_BACK);
    // the rule's id is unknown, so there is nothing the undo could name: it is not guessed
    assertThat(h.host.calls).containsExactly("block:http.request");
  }

  /** Starts the run and cancels it with rollback once {@code started} says a write is in flight. */
  private static void cancelWithRollbackOnce(
      EngineHarness h, java.util.concurrent.CountDownLatch started) {
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
  }
}
