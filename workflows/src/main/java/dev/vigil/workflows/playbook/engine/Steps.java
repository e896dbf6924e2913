package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.catalog.SideEffect;
import dev.vigil.playbook.expression.Scope;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.Limits;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.model.RetrySpec;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs steps: guards, the step lifecycle (start, end, failure handling, undo registration) and
 * every kind's body through {@link StepBody.Visitor}; loops and approvals have their own parts.
 */
final class Steps {

  /** What a skipped step returns: the value of a step list is its last step that ran. */
  static final Object SKIPPED = new Object();

  private final RunContext run;
  private final Projector projector;
  private final Evaluator eval;
  private final Compensation undo;
  private final Approvals approvals;
  private final Loops loops;

  Steps(
      RunContext run, Projector projector, Evaluator eval, Compensation undo, Approvals approvals) {
    this.run = run;
    this.projector = projector;
    this.eval = eval;
    this.undo = undo;
    this.approvals = approvals;
    this.loops = new Loops(run, projector, eval, undo, approvals, this);
  }

  Loops loops() {
    return loops;
  }

  Object runSteps(List<Step> steps, Ctx ctx) {
    Object last = SKIPPED;
    for (Step s : steps) {
      Object out = runStep(s, ctx);
      if (out != SKIPPED) {
        last = out;
      }
    }
    return last;
  }

  static Object valueOf(Object out) {
    return out == SKIPPED ? null : out;
  }

  private Object runStep(Step s, Ctx ctx) {
    StepRecord r = run.records.get(s.id());
    UndoEntry reserved = null;
    try {
      if (s.when() != null && !eval.test(s.when(), s.pointer() + "/when", ctx)) {
        skip(List.of(s), ctx);
        return SKIPPED;
      }
      r.start(run.now());
      ctx.publish(s.id(), r.entry());
      if (s.body() instanceof StepBody.Action a && writes(s, a)) {
        reserved = undo.reserve(s, ctx);
      }
      Object out =
          s.timeout() != null
                  && !(s.body() instanceof StepBody.Action)
                  && !(s.body() instanceof StepBody.Approval)
              ? withTimeout(s, ctx, r)
              : execute(s, ctx, r);
      if (!run.legacy()) {
        Object value = out;
        StepFailure.within(() -> Limits.checkStepOutput(value), s.pointer());
      }
      r.output = out;
      r.end(StepStatus.SUCCEEDED, run.now());
      ctx.publish(s.id(), r.entry());
      if (!r.projected) {
        projector.emit(RunEvent.Type.STEPS, List.of(r));
      }
      undo.completed(s, ctx, reserved);
      return out;
    } catch (StepFailure f) {
      undo.failed(reserved, f);
      r.error = f.error();
      r.attempts = Math.max(r.attempts, f.attempts());
      if (r.startedAt == null) {
        r.startedAt = run.now();
      }
      r.end(StepStatus.FAILED, run.now());
      ctx.publish(s.id(), r.entry());
      projector.emit(RunEvent.Type.STEPS, List.of(r));
      run.host.log("run {} step {} failed: {}", run.input.runId(), s.id(), f.getMessage());
      switch (s.onError().mode()) {
        case CONTINUE:
          return null;
        case HANDLE:
          Map<String, Object> err = StepRecord.errorMap(f.error());
          err.put("step", s.id());
          return valueOf(runSteps(s.onError().handler(), ctx.withLocal(Scope.ERROR, err)));
        default:
          throw f;
      }
    } catch (Cancelled c) {
      undo.failed(reserved, c);
      if (r.status == StepStatus.RUNNING || r.status == StepStatus.WAITING) {
        r.end(StepStatus.CANCELLED, run.now());
        ctx.publish(s.id(), r.entry());
        projector.emit(RunEvent.Type.STEPS, List.of(r));
      }
      throw c;
    }
  }

  /** Whether a live call of this action may change the world (then its undo is reserved). */
  private boolean writes(Step s, StepBody.Action a) {
    return run.input.mode() == RunMode.LIVE
        && run.action(a.action(), s.pointer() + "/action").sideEffect() != SideEffect.READ;
  }

  private Object withTimeout(Step s, Ctx ctx, StepRecord r) {
    Duration limit = Durations.require(s.timeout());
    Object[] out = new Object[1];
    RunHost.Branch b = run.host.fork(() -> out[0] = execute(s, ctx, r));
    if (!run.host.await(limit, b::isDone)) {
      b.cancel();
      run.host.await(null, b::isDone);
      throw StepFailure.at(
          FailureTypes.STEP_TIMEOUT,
          "step '" + s.id() + "' did not finish within " + s.timeout(),
          s.pointer() + "/timeout");
    }
    if (b.failure() != null) {
      throw b.failure();
    }
    return out[0];
  }

  private Object execute(Step s, Ctx ctx, StepRecord r) {
    return s.body()
        .accept(
            new StepBody.Visitor<Object>() {
              @Override
              public Object action(StepBody.Action b) {
                return Steps.this.action(s, b, ctx, r);
              }

              @Override
              public Object ifElse(StepBody.If b) {
                boolean yes = eval.test(b.condition(), s.pointer() + "/if", ctx);
                skip(yes ? b.otherwise() : b.then(), ctx);
                return valueOf(runSteps(yes ? b.then() : b.otherwise(), ctx));
              }

              @Override
              public Object switchCase(StepBody.Switch b) {
                String key = eval.text(b.value(), s.pointer() + "/switch", ctx);
                List<Step> chosen = b.cases().getOrDefault(key, b.defaultCase());
                b.cases().values().stream().filter(l -> l != chosen).forEach(l -> skip(l, ctx));
                if (chosen != b.defaultCase()) {
                  skip(b.defaultCase(), ctx);
                }
                return valueOf(runSteps(chosen, ctx));
              }

              @Override
              public Object forEach(StepBody.ForEach b) {
                return loops.forEach(s, b, ctx);
              }

              @Override
              public Object parallel(StepBody.Parallel b) {
                return loops.parallel(b, ctx);
              }

              @Override
              public Object approval(StepBody.Approval b) {
                return approvals.step(s, b.approval(), ctx, r);
              }

              @Override
              public Object await(StepBody.Wait b) {
                return Steps.this.await(s, b, ctx);
              }

              @Override
              public Object child(StepBody.ChildPlaybook b) {
                return Steps.this.child(s, b, ctx);
              }

              @Override
              public Object set(StepBody.Set b) {
                Map<String, Object> values = eval.resolveMap(b.values(), s.pointer() + "/set", ctx);
                run.vars.putAll(values);
                return values;
              }

              @Override
              public Object fail(StepBody.Fail b) {
                throw StepFailure.at(
                    FailureTypes.PLAYBOOK_FAILED,
                    eval.text(b.message(), s.pointer() + "/fail", ctx),
                    s.pointer() + "/fail");
              }
            });
  }

  private Object action(Step s, StepBody.Action b, Ctx ctx, StepRecord r) {
    ActionDefinition def = run.action(b.action(), s.pointer() + "/action");
    Map<String, Object> with = eval.resolveMap(b.with(), s.pointer() + "/with", ctx);
    r.input = with;
    if (!run.legacy()) {
      StepFailure.within(() -> Limits.checkStepInput(with), s.pointer() + "/with");
    }
    SideEffect effect = def.sideEffectOf(with);
    if (run.input.mode() == RunMode.DRY_RUN && effect != SideEffect.READ) {
      r.simulated = true;
      Map<String, Object> preview = new LinkedHashMap<>();
      preview.put("simulated", true);
      preview.put("action", b.action());
      preview.put("sideEffect", effect.key());
      preview.put("with", with);
      return preview;
    }
    ActionResult res =
        run.host.executeAction(
            new ActionInvocation(
                new ActionRequest(
                    run.input.tenant(),
                    run.input.runId(),
                    s.id(),
                    b.action(),
                    with,
                    projector.reserve(r)),
                Durations.require(s.timeout() != null ? s.timeout() : def.timeout()),
                retryPlan(s.retry(), def),
                s.id() + ": " + b.action(),
                run.legacy() ? null : heartbeat(def),
                run.legacy() ? null : def.taskQueue(),
                !run.legacy() && effect != SideEffect.READ));
    r.attempts = res.attempt();
    r.projected = res.projected();
    return Json.normalize(res.output());
  }

  static Duration heartbeat(ActionDefinition def) {
    return def.heartbeatTimeout() == null ? null : Durations.require(def.heartbeatTimeout());
  }

  static RetryPlan retryPlan(RetrySpec spec, ActionDefinition def) {
    ActionDefinition.DefaultRetry d = def.retry();
    java.util.Set<String> nonRetryable = new LinkedHashSet<>(def.nonRetryableErrors());
    nonRetryable.add(FailureTypes.INVALID_INPUT);
    if (spec != null) {
      nonRetryable.addAll(spec.nonRetryable());
    }
    return new RetryPlan(
        (int) (spec != null && spec.maxAttempts() != null ? spec.maxAttempts() : d.maxAttempts()),
        Durations.require(
            spec != null && spec.initialInterval() != null
                ? spec.initialInterval()
                : d.initialInterval()),
        spec != null && spec.backoffCoefficient() != null
            ? spec.backoffCoefficient()
            : d.backoffCoefficient(),
        Durations.require(
            spec != null && spec.maximumInterval() != null
                ? spec.maximumInterval()
                : d.maximumInterval()),
        List.copyOf(nonRetryable));
  }

  private Object await(Step s, StepBody.Wait b, Ctx ctx) {
    long now = run.host.now();
    long until;
    if (b.duration() != null) {
      until = now + Durations.require(b.duration()).toMillis();
    } else {
      Object v = eval.evaluate(b.until(), s.pointer() + "/wait/until", ctx);
      try {
        until = Instant.parse(String.valueOf(v)).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new StepFailure(
            new StepError(
                FailureTypes.EXPRESSION_ERROR,
                "wait.until must be an ISO-8601 instant such as 2026-01-01T08:00:00Z, not '"
                    + v
                    + "'",
                s.pointer() + "/wait/until",
                b.until()),
            0);
      }
    }
    if (until > now) {
      run.host.sleep(Duration.ofMillis(until - now));
    }
    return Map.of("until", RunContext.iso(Math.max(until, now)));
  }

  private Object child(Step s, StepBody.ChildPlaybook b, Ctx ctx) {
    PinnedPlaybook pinned = run.children.get(b.playbook());
    if (pinned == null || (b.version() != null && b.version() != pinned.version())) {
      throw StepFailure.at(
          FailureTypes.INVALID_DEFINITION,
          "child playbook '"
              + b.playbook()
              + "'"
              + (b.version() == null ? "" : " v" + b.version())
              + " was not pinned when the run started",
          s.pointer() + "/playbook");
    }
    Map<String, Object> inputs = eval.resolveMap(b.with(), s.pointer() + "/with", ctx);
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "parent-run");
    trigger.put("parentRunId", run.input.runId());
    trigger.put("stepId", s.id());
    String childRunId = run.childRunId(run.keyOf(ctx, s.id()));
    StartRunInput childInput =
        new StartRunInput(
            childRunId,
            run.input.tenant(),
            pinned,
            run.input.children(),
            inputs,
            run.input.mode(),
            run.input.startedBy(),
            trigger,
            run.input.actions());
    RunResult res =
        run.host.runChild(
            new ChildInvocation(
                StartRunInput.workflowId(run.input.tenant(), childRunId),
                childInput,
                s.timeout() == null ? null : Durations.require(s.timeout())));
    if (res.status() != RunStatus.SUCCEEDED) {
      throw StepFailure.at(
          FailureTypes.CHILD_FAILED,
          "child playbook "
              + b.playbook()
              + " ended "
              + res.status().key()
              + (res.error() == null ? "" : ": " + res.error().message()),
          s.pointer());
    }
    return res.outputs();
  }

  void skip(List<Step> steps, Ctx ctx) {
    markPending(steps, StepStatus.SKIPPED, ctx);
  }

  /** Marks steps (and their nested steps) that have not started with {@code status}. */
  void markPending(List<Step> steps, StepStatus status, Ctx ctx) {
    List<StepRecord> changed = new ArrayList<>();
    RunContext.collectIds(
        steps,
        id -> {
          StepRecord r = run.records.get(id);
          if (r.status == StepStatus.PENDING || status == StepStatus.SKIPPED) {
            r.start(null);
            r.end(status, run.now());
            r.startedAt = null;
            ctx.publish(id, r.entry());
            changed.add(r);
          }
        });
    if (!changed.isEmpty()) {
      projector.emit(RunEvent.Type.STEPS, changed);
    }
  }
}
