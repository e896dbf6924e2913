package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.Limits;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.workflows.playbook.ApprovalRequest;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loops and parallel branches. A loop with more than {@link RunEngine#SLICE_SIZE} items runs its
 * items in child workflows of that size (slices) so that no history grows large; a slice has the
 * run's semantics — step states, variables, approvals (held by the run), child runs, cancellation
 * and compensation all come back to the run.
 */
final class Loops {

  private final RunContext run;
  private final Projector projector;
  private final Evaluator eval;
  private final Compensation undo;
  private final Approvals approvals;
  private final Steps steps;

  Loops(
      RunContext run,
      Projector projector,
      Evaluator eval,
      Compensation undo,
      Approvals approvals,
      Steps steps) {
    this.run = run;
    this.projector = projector;
    this.eval = eval;
    this.undo = undo;
    this.approvals = approvals;
    this.steps = steps;
  }

  Object forEach(Step s, StepBody.ForEach b, Ctx ctx) {
    Object value = eval.evaluate(b.items(), s.pointer() + "/forEach", ctx);
    if (!(value instanceof List<?> items)) {
      throw new StepFailure(
          new StepError(
              FailureTypes.EXPRESSION_ERROR,
              "forEach must evaluate to a list but gave "
                  + (value == null ? "null" : Expressions.typeName(value)),
              s.pointer() + "/forEach",
              b.items()),
          0);
    }
    if (!run.legacy()) {
      StepFailure.within(() -> Limits.checkLoopItems(items.size()), s.pointer() + "/forEach");
    }
    if (items.size() > RunEngine.SLICE_SIZE) {
      return sliced(s, b, new ArrayList<>(items), ctx);
    }
    return iterate(s, b, new ArrayList<>(items), 0, ctx);
  }

  /**
   * Runs iterations with at most {@code concurrency} in flight; results in item order. After a
   * failure no new iteration starts, but the ones in flight finish, so that everything that did
   * happen is known and can be compensated; then the loop fails with the first failure. When the
   * loop is cancelled it waits for the iterations in flight to stop, for the same reason.
   */
  List<Object> iterate(Step s, StepBody.ForEach b, List<Object> items, long offset, Ctx ctx) {
    int n = items.size();
    Object[] results = new Object[n];
    if (b.concurrency() <= 1) {
      for (int i = 0; i < n; i++) {
        results[i] = iteration(s, b, items.get(i), offset + i, ctx);
      }
      return Arrays.asList(results);
    }
    List<RunHost.Branch> running = new ArrayList<>();
    RuntimeException failure = null;
    int next = 0;
    try {
      while (true) {
        while (failure == null && next < n && running.size() < b.concurrency()) {
          int i = next++;
          running.add(
              run.host.fork(() -> results[i] = iteration(s, b, items.get(i), offset + i, ctx)));
        }
        if (running.isEmpty()) {
          break;
        }
        run.host.await(null, () -> running.stream().anyMatch(RunHost.Branch::isDone));
        for (Iterator<RunHost.Branch> it = running.iterator(); it.hasNext(); ) {
          RunHost.Branch br = it.next();
          if (br.isDone()) {
            it.remove();
            if (br.failure() != null && failure == null) {
              failure = br.failure();
            }
          }
        }
      }
    } catch (Cancelled c) {
      settle(running);
      throw c;
    }
    if (failure != null) {
      throw failure;
    }
    return Arrays.asList(results);
  }

  /** Waits (outside the cancelled scope) until cancelled branches have really stopped. */
  private void settle(List<RunHost.Branch> branches) {
    if (run.legacy()) {
      return;
    }
    branches.forEach(RunHost.Branch::cancel);
    run.host.runDetached(
        () -> run.host.await(null, () -> branches.stream().allMatch(RunHost.Branch::isDone)));
  }

  private Object iteration(Step s, StepBody.ForEach b, Object item, long index, Ctx ctx) {
    Ctx it =
        ctx.iteration(
            run.pendingEntries(b.body()), b.as(), item, index, run.iterationSegment(s.id(), index));
    try {
      return Steps.valueOf(steps.runSteps(b.body(), it));
    } catch (StepFailure f) {
      StepError e = f.error();
      throw new StepFailure(
          new StepError(
              e.type(), "item " + index + ": " + e.message(), e.pointer(), e.expression()),
          f.attempts());
    }
  }

  // ------------------------------------------------------------------ slices

  private List<Object> sliced(Step s, StepBody.ForEach b, List<Object> items, Ctx ctx) {
    List<Object> out = new ArrayList<>(items.size());
    SliceReads reads = SliceReads.of(run, s, b);
    for (int k = 0; (long) k * RunEngine.SLICE_SIZE < items.size(); k++) {
      int from = k * RunEngine.SLICE_SIZE;
      List<Object> part =
          new ArrayList<>(items.subList(from, Math.min(items.size(), from + RunEngine.SLICE_SIZE)));
      String sliceId = run.workflowId + "/" + ctx.path() + s.id() + "/slice-" + k;
      SliceInput in =
          new SliceInput(
              reads.input(run.input),
              s.id(),
              part,
              from,
              b.concurrency(),
              reads.steps(ctx.visibleSteps()),
              reads.vars(run.vars),
              ctx.allLocals(),
              ctx.path(),
              sliceId,
              run.runWorkflowId);
      SliceResult res = runSlice(in);
      undo.addAll(res.undo());
      run.vars.putAll(Json.normalizeMap(res.vars()));
      restore(res.steps(), ctx);
      if (res.cancelled()) {
        throw new Cancelled("loop " + s.id() + " cancelled");
      }
      if (res.error() != null) {
        throw new StepFailure(res.error(), 0);
      }
      out.addAll(res.outputs());
    }
    return out;
  }

  /**
   * Runs one slice and serves the approvals it hands over while it runs. Cancelled, it asks the
   * slice to stop and waits for what it did.
   */
  private SliceResult runSlice(SliceInput in) {
    RunHost.Pending<SliceResult> slice = run.host.startSlice(in);
    List<RunHost.Branch> serving = new ArrayList<>();
    try {
      while (!slice.isDone()) {
        run.host.await(null, () -> slice.isDone() || approvals.hasRequestFrom(in.workflowId()));
        for (ApprovalRequest q : approvals.takeRequestsFrom(in.workflowId())) {
          serving.add(run.host.fork(() -> approvals.serve(q)));
        }
      }
    } catch (Cancelled c) {
      run.host.runDetached(
          () -> {
            run.host.cancelSlice(in.workflowId());
            run.host.await(null, slice::isDone);
          });
      settle(serving);
      return slice.get();
    }
    settle(serving);
    return slice.get();
  }

  /** The body's step states a slice reports become the run's (and are projected). */
  private void restore(List<StepState> states, Ctx ctx) {
    List<StepRecord> changed = new ArrayList<>();
    for (StepState st : states) {
      StepRecord r = run.records.get(st.id());
      if (r != null && st.status() != StepStatus.PENDING) {
        r.restore(st);
        changed.add(r);
      }
    }
    if (!changed.isEmpty()) {
      projector.emit(RunEvent.Type.STEPS, changed);
    }
  }

  /** Runs a slice's iterations (the slice workflow's body), as the run would have. */
  List<Object> sliceIterations(SliceInput in, Step s, StepBody.ForEach b) {
    Ctx ctx = Ctx.root(Json.normalizeMap(in.steps()), Json.normalizeMap(in.locals()), in.path());
    return iterate(s, b, new ArrayList<>(in.items()), in.offset(), ctx);
  }

  /** The loop body's step states, as a slice reports them. */
  List<StepState> bodyStates(StepBody.ForEach b) {
    List<StepState> out = new ArrayList<>();
    RunContext.collectIds(b.body(), id -> out.add(run.records.get(id).toState()));
    return out;
  }

  // ------------------------------------------------------------------ parallel

  Object parallel(StepBody.Parallel b, Ctx ctx) {
    int n = b.branches().size();
    Object[] results = new Object[n];
    List<RunHost.Branch> forks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      forks.add(
          run.host.fork(
              () -> results[k] = Steps.valueOf(steps.runSteps(b.branches().get(k), ctx))));
    }
    // join all: every branch finishes (a failed branch does not cancel the others, so what they
    // did is known and compensable); join any: the first successful branch wins.
    boolean any = b.join() == StepBody.Join.ANY;
    try {
      run.host.await(
          null,
          () ->
              forks.stream().allMatch(RunHost.Branch::isDone)
                  || any && forks.stream().anyMatch(f -> f.isDone() && f.failure() == null));
    } catch (Cancelled c) {
      settle(forks);
      throw c;
    }
    RuntimeException failure =
        forks.stream()
            .filter(RunHost.Branch::isDone)
            .map(RunHost.Branch::failure)
            .filter(f -> f != null)
            .findFirst()
            .orElse(null);
    boolean won = forks.stream().anyMatch(f -> f.isDone() && f.failure() == null);
    List<Integer> cancelled = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (!forks.get(i).isDone()) {
        forks.get(i).cancel();
        cancelled.add(i);
      }
    }
    run.host.await(null, () -> forks.stream().allMatch(RunHost.Branch::isDone));
    for (int i : cancelled) {
      results[i] = null;
      steps.markPending(b.branches().get(i), StepStatus.CANCELLED, ctx);
    }
    if (any ? !won : failure != null) {
      throw failure;
    }
    return Arrays.asList(results);
  }

  /** What a loop body reads, so a slice carries only that. */
  record SliceReads(
      boolean inputs,
      boolean trigger,
      boolean children,
      java.util.Set<String> stepIds,
      java.util.Set<String> varNames) {

    static SliceReads of(RunContext run, Step s, StepBody.ForEach b) {
      String body;
      try {
        body = Json.parse(run.input.playbook().definition()).at(s.pointer() + "/do").toString();
      } catch (java.io.IOException e) {
        body = null;
      }
      boolean children =
          Step.flatten(b.body()).stream().anyMatch(x -> x.body() instanceof StepBody.ChildPlaybook);
      if (body == null) {
        return new SliceReads(true, true, true, null, null);
      }
      return new SliceReads(
          body.contains("inputs"),
          body.contains("trigger"),
          children,
          names(body, "steps"),
          names(body, "vars"));
    }

    /**
     * The member names read as {@code root.name} or {@code root['name']}; null (= all) when the
     * root is used in any other way.
     */
    private static java.util.Set<String> names(String text, String root) {
      java.util.Set<String> out = new java.util.LinkedHashSet<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "\\b"
                      + root
                      + "\\b(\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\s*\\[\\s*\\\\?['\"]([^'\"\\\\]+)\\\\?['\"]\\s*\\])?")
              .matcher(text);
      while (m.find()) {
        String name = m.group(2) != null ? m.group(2) : m.group(3);
        if (name == null) {
          return null;
        }
        out.add(name);
      }
      return out;
    }

    StartRunInput input(StartRunInput in) {
      return in.with(
          inputs ? in.inputs() : Map.of(),
          children ? in.children() : List.of(),
          trigger ? in.trigger() : Map.of());
    }

    Map<String, Object> steps(Map<String, Object> visible) {
      return pick(visible, stepIds);
    }

    Map<String, Object> vars(Map<String, Object> vars) {
      return pick(vars, varNames);
    }

    private static Map<String, Object> pick(Map<String, Object> all, java.util.Set<String> names) {
      if (names == null) {
        return new LinkedHashMap<>(all);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      all.forEach(
          (k, v) -> {
            if (names.contains(k)) {
              out.put(k, v);
            }
          });
      return out;
    }
  }
}
