package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.catalog.SideEffect;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.model.Step;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The undo of completed steps and its rollback. A write whose outcome is unknown (cancelled or
 * timed out while in flight) keeps the compensation registered before it started, so a rollback
 * also covers writes that may have landed.
 */
final class Compensation {

  private final RunContext run;
  private final Projector projector;
  private final Evaluator eval;

  /** In the order they became due: completion order, provisional ones when their write began. */
  private final List<UndoEntry> entries = new ArrayList<>();

  Compensation(RunContext run, Projector projector, Evaluator eval) {
    this.run = run;
    this.projector = projector;
    this.eval = eval;
  }

  List<UndoEntry> entries() {
    return List.copyOf(entries);
  }

  void addAll(List<UndoEntry> more) {
    entries.addAll(more);
  }

  /**
   * Registers the undo of a write before it starts, resolved with what is known now. Null when the
   * step has no undo, the run is legacy or the undo reads what the step has not produced yet (then
   * only success registers it).
   */
  UndoEntry reserve(Step s, Ctx ctx) {
    if (s.undo() == null || run.legacy() || readsItsOwnStep(s)) {
      return null;
    }
    try {
      UndoEntry e = resolve(s, ctx);
      entries.add(e);
      return e;
    } catch (StepFailure f) {
      return null;
    }
  }

  /**
   * An undo that reads the step's own result ({@code steps.<id>.output.id}) cannot be resolved
   * before the step ran: resolved early it would act on nulls.
   */
  private static boolean readsItsOwnStep(Step s) {
    String with = Json.write(s.undo().with());
    return with.matches("(?s).*\\bsteps\\s*(\\.\\s*" + s.id() + "\\b|\\[).*");
  }

  /** The step succeeded: its undo, resolved with its output, is due now. */
  void completed(Step s, Ctx ctx, UndoEntry reserved) {
    if (s.undo() == null) {
      return;
    }
    if (reserved != null) {
      entries.remove(reserved);
    }
    entries.add(resolve(s, ctx));
  }

  /** The step failed: a definite failure did nothing to undo; an ambiguous one keeps it. */
  void failed(UndoEntry reserved, RuntimeException failure) {
    if (reserved != null && !ambiguous(failure)) {
      entries.remove(reserved);
    }
  }

  private static boolean ambiguous(RuntimeException failure) {
    return failure instanceof Cancelled
        || failure instanceof StepFailure f
            && (FailureTypes.STEP_TIMEOUT.equals(f.error().type())
                || FailureTypes.ACTION_FAILED.equals(f.error().type()));
  }

  private UndoEntry resolve(Step s, Ctx ctx) {
    return new UndoEntry(
        s.id(),
        s.undo().action(),
        eval.resolveMap(s.undo().with(), s.undo().pointer() + "/with", ctx),
        s.undo().pointer());
  }

  /**
   * Runs the compensation of every due step, last first.
   *
   * @return the failures, empty when every undo succeeded
   */
  List<String> rollback() {
    List<UndoEntry> todo = new ArrayList<>(entries);
    Collections.reverse(todo);
    List<String> failures = new ArrayList<>();
    for (UndoEntry u : todo) {
      StepRecord r = run.records.get(u.stepId());
      try {
        ActionDefinition def = run.action(u.action(), u.pointer() + "/action");
        if (!(run.input.mode() == RunMode.DRY_RUN
            && def.sideEffectOf(u.with()) != SideEffect.READ)) {
          run.host.executeAction(
              new ActionInvocation(
                  new ActionRequest(
                      run.input.tenant(), run.input.runId(), u.stepId(), u.action(), u.with()),
                  Durations.require(def.timeout()),
                  Steps.retryPlan(null, def),
                  "undo " + u.stepId() + ": " + u.action(),
                  run.legacy() ? null : Steps.heartbeat(def),
                  run.legacy() ? null : def.taskQueue(),
                  !run.legacy()));
        }
        if (r != null) {
          r.end(StepStatus.UNDONE, run.now());
          projector.emit(RunEvent.Type.STEPS, List.of(r));
        }
      } catch (StepFailure e) {
        failures.add("undo of " + u.stepId() + " failed: " + e.getMessage());
      }
    }
    return failures;
  }
}
