package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** Runs a {@link RunEngine} on a {@link LocalRunHost} from a test. */
final class EngineHarness {

  final LocalRunHost host;
  final RunEngine engine;
  private CompletableFuture<RunResult> running;

  EngineHarness(
      String definition,
      Map<String, Object> inputs,
      RunMode mode,
      String startedBy,
      Function<ActionInvocation, Object> actions,
      PinnedPlaybook... children) {
    this.host = new LocalRunHost(actions);
    this.engine =
        new RunEngine(
            host,
            new StartRunInput(
                "r1",
                "default",
                new PinnedPlaybook("test", 1, definition),
                List.of(children),
                inputs,
                mode,
                startedBy,
                Map.of(),
                RunPreparation.pinActions(
                    ActionCatalog.bundled(),
                    new PinnedPlaybook("test", 1, definition),
                    List.of(children))));
    host.register(StartRunInput.workflowId("default", "r1"), engine);
  }

  static EngineHarness of(String definition, Map<String, Object> inputs) {
    return new EngineHarness(
        definition, inputs, RunMode.LIVE, "alice", inv -> inv.request().with());
  }

  RunResult run() {
    return start().join();
  }

  CompletableFuture<RunResult> start() {
    running = CompletableFuture.supplyAsync(() -> host.call(engine::run));
    return running;
  }

  RunResult join() {
    try {
      return running.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("run did not finish: " + state(), e);
    }
  }

  RunState state() {
    return host.call(engine::state);
  }

  StepState step(String id) {
    return state().steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  StepState decide(String step, String decision, String actor, String... roles) {
    return host.call(
        () ->
            engine.applyDecision(
                new ApprovalDecision("default", step, decision, actor, List.of(roles), "ok")));
  }

  void validate(String step, String decision, String actor, String... roles) {
    host.call(
        () -> {
          engine.validateDecision(
              new ApprovalDecision("default", step, decision, actor, List.of(roles), null));
          return null;
        });
  }

  void awaitState(Predicate<RunState> p) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      RunState s = state();
      if (p.test(s)) {
        return;
      }
      if (running != null && running.isDone()) {
        throw new AssertionError("run ended before the expected state: " + s);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("state not reached: " + state());
  }

  void awaitWaiting(String step) {
    awaitState(
        s ->
            s.status() == RunStatus.WAITING_APPROVAL
                && s.approvals().stream().anyMatch(a -> a.stepId().equals(step)));
  }

  /** Sleeps in an action stand-in (the engine is waiting on it meanwhile). */
  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
