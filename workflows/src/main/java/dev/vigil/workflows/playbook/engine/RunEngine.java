package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.catalog.SideEffect;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import dev.vigil.playbook.expression.Scope;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.ApprovalSpec;
import dev.vigil.playbook.model.Durations;
import dev.vigil.playbook.model.Playbook;
import dev.vigil.playbook.model.RetrySpec;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.action.StepProjection;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.StepStatus;
import dev.vigil.workflows.playbook.Vote;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The playbook interpreter. It owns the control flow of a run — guards, branches, loops, parallel
 * branches, approvals, error handling, compensation — and reaches the outside world only through
 * {@link RunHost}, so it runs unchanged under Temporal (the workflow class is a thin shell around
 * it) and in plain-Java unit tests.
 *
 * <p>Deterministic by construction: ordered maps only, time from the host, expressions are pure.
 */
public final class RunEngine {

  /** Loops with more items than this run in child slices of this size (history stays small). */
  public static final int SLICE_SIZE = 250;

  private static final Object SKIPPED = new Object();
  private static final ActionCatalog CATALOG = ActionCatalog.bundled();

  private final RunHost host;
  private final StartRunInput input;
  private final Playbook playbook;
  private final StepError definitionError;
  private final Map<String, PinnedPlaybook> children = new LinkedHashMap<>();
  private final Map<String, StepRecord> records = new LinkedHashMap<>();
  private final Map<String, Step> stepsById = new LinkedHashMap<>();
  private final Map<String, ApprovalBox> approvals = new LinkedHashMap<>();
  private final Map<String, Object> vars = new LinkedHashMap<>();
  private final List<UndoEntry> undo = new ArrayList<>();
  private final Map<String, Object> runInfo = new LinkedHashMap<>();

  private final Map<String, Integer> positions = new LinkedHashMap<>();
  private long seq;
  private boolean projecting = true;

  private RunStatus status = RunStatus.RUNNING;
  private String startedAt;
  private String endedAt;
  private Map<String, Object> outputs;
  private StepError error;
  private CancelRequest cancelRequest;
  private RunHost.Branch main;

  public RunEngine(RunHost host, StartRunInput input) {
    this.host = host;
    this.input = input;
    input.children().forEach(c -> children.put(c.key(), c));
    Playbook parsed = null;
    StepError defError = null;
    try {
      ValidationReport report =
          new PlaybookValidator(CATALOG, null).validate(input.playbook().definition());
      if (report.valid()) {
        parsed = report.playbook();
      } else {
        Finding f = report.errors().get(0);
        defError =
            new StepError(
                FailureTypes.INVALID_DEFINITION,
                "playbook " + input.playbook().key() + " is invalid: " + f.format(),
                f.pointer(),
                null);
      }
    } catch (RuntimeException e) {
      defError = new StepError(FailureTypes.INVALID_DEFINITION, e.getMessage(), null, null);
    }
    this.playbook = parsed;
    this.definitionError = defError;
    if (parsed != null) {
      register(parsed.steps());
    }
    runInfo.put("id", input.runId());
    runInfo.put("tenant", input.tenant());
    runInfo.put("playbook", input.playbook().key());
    runInfo.put("version", input.playbook().version());
    runInfo.put("mode", input.mode().key());
    runInfo.put("startedBy", input.startedBy());
  }

  private void register(List<Step> steps) {
    for (Step s : steps) {
      stepsById.put(s.id(), s);
      records.put(s.id(), new StepRecord(s.id(), s.kind().key()));
      positions.put(s.id(), positions.size());
      s.childLists().forEach(this::register);
    }
  }

  private Map<String, Object> pendingEntries(List<Step> steps) {
    Map<String, Object> m = new LinkedHashMap<>();
    collectIds(steps, id -> m.put(id, StepRecord.pendingEntry()));
    return m;
  }

  private void collectIds(List<Step> steps, java.util.function.Consumer<String> f) {
    for (Step s : steps) {
      f.accept(s.id());
      s.childLists().forEach(l -> collectIds(l, f));
    }
  }

  // ---------------------------------------------------------------- run lifecycle

  /** Runs the playbook to its end and returns the result. */
  public RunResult run() {
    startedAt = iso(host.now());
    runInfo.put("startedAt", startedAt);
    emit(RunEvent.Type.RUN_STARTED, List.of(), null, null);
    if (definitionError != null) {
      return finishEarly(definitionError);
    }
    List<Finding> inputErrors = JsonSchemas.checkInputs(playbook.inputs(), input.inputs());
    if (!inputErrors.isEmpty()) {
      return finishEarly(
          new StepError(
              FailureTypes.INVALID_RUN_INPUTS,
              "inputs do not match the playbook's input schema: "
                  + inputErrors.stream()
                      .map(f -> (f.pointer().isEmpty() ? "/" : f.pointer()) + " " + f.message())
                      .collect(Collectors.joining("; ")),
              "/inputs",
              null));
    }
    Ctx root = Ctx.root(pendingEntries(playbook.steps()), new LinkedHashMap<>());
    host.log("run {} of {} v{} started", input.runId(), playbook.key(), input.playbook().version());
    main = host.fork(() -> runSteps(playbook.steps(), root));
    host.runDetached(() -> finish(root));
    return result();
  }

  private RunResult finishEarly(StepError e) {
    error = e;
    status = RunStatus.FAILED;
    endedAt = iso(host.now());
    emit(RunEvent.Type.RUN_ENDED, new ArrayList<>(records.values()), null, null);
    return result();
  }

  private void finish(Ctx root) {
    while (!main.isDone()) {
      host.await(null, () -> main.isDone() || externalCancelPending());
      if (!main.isDone() && externalCancelPending()) {
        requestCancel(new CancelRequest(false, "temporal", "the workflow was cancelled"));
      }
    }
    RuntimeException f = main.failure();
    if (f == null) {
      try {
        outputs = resolveMap(playbook.outputs(), "/outputs", root);
        status = RunStatus.SUCCEEDED;
      } catch (StepFailure sf) {
        error = sf.error();
        status = RunStatus.FAILED;
      }
    } else if (f instanceof Cancelled) {
      error =
          new StepError(
              "Cancelled",
              "cancelled by "
                  + cancelRequest.requestedBy()
                  + (cancelRequest.reason() == null ? "" : ": " + cancelRequest.reason()),
              null,
              null);
      status = cancelRequest.rollback() ? rollback() : RunStatus.CANCELLED;
    } else if (f instanceof StepFailure sf) {
      error = sf.error();
      status = playbook.rollbackOnFailure() ? rollback() : RunStatus.FAILED;
    } else {
      throw f;
    }
    for (ApprovalBox a : approvals.values()) {
      if (a.isOpen()) {
        a.decide(ApprovalBox.CANCELLED, "run-ended", iso(host.now()));
        emit(RunEvent.Type.APPROVAL, List.of(), a, null);
      }
    }
    endedAt = iso(host.now());
    // the final event carries every step, so the store shows steps that never ran too
    emit(RunEvent.Type.RUN_ENDED, new ArrayList<>(records.values()), null, null);
    host.log("run {} ended {}", input.runId(), status.key());
  }

  /** The run status now: running with an open approval shows as waiting_approval. */
  private RunStatus currentStatus() {
    return status == RunStatus.RUNNING && approvals.values().stream().anyMatch(ApprovalBox::isOpen)
        ? RunStatus.WAITING_APPROVAL
        : status;
  }

  /** Sends one transition to the system of record (not from loop slices: they are not runs). */
  private void emit(RunEvent.Type type, List<StepRecord> steps, ApprovalBox approval, Vote vote) {
    if (!projecting) {
      return;
    }
    boolean start = type == RunEvent.Type.RUN_STARTED;
    boolean end = type == RunEvent.Type.RUN_ENDED;
    host.project(
        new RunEvent(
            type,
            input.tenant(),
            input.runId(),
            StartRunInput.workflowId(input.tenant(), input.runId()),
            ++seq,
            iso(host.now()),
            currentStatus(),
            input.playbook().key(),
            input.playbook().version(),
            input.mode().key(),
            input.startedBy(),
            start ? input.inputs() : null,
            end ? outputs : null,
            end ? error : null,
            steps.stream()
                .map(r -> new RunEvent.PositionedStep(positions.get(r.id), r.toState()))
                .toList(),
            approval == null ? null : approval.toState(),
            vote));
  }

  private boolean externalCancelPending() {
    return cancelRequest == null && host.externalCancelRequested();
  }

  /** Handles the {@code cancel} signal: cancels running steps, then optionally rolls back. */
  public void requestCancel(CancelRequest request) {
    if (cancelRequest != null || main == null || main.isDone()) {
      return;
    }
    cancelRequest = request;
    main.cancel();
  }

  /** Runs the compensation of every completed step, last completed first. */
  private RunStatus rollback() {
    List<UndoEntry> todo = new ArrayList<>(undo);
    Collections.reverse(todo);
    List<String> failures = new ArrayList<>();
    for (UndoEntry u : todo) {
      StepRecord r = records.get(u.stepId());
      try {
        ActionDefinition def = CATALOG.require(u.action());
        if (!(input.mode() == RunMode.DRY_RUN && def.sideEffectOf(u.with()) != SideEffect.READ)) {
          host.executeAction(
              new ActionInvocation(
                  new ActionRequest(
                      input.tenant(), input.runId(), u.stepId(), u.action(), u.with()),
                  Durations.require(def.timeout()),
                  retryPlan(null, def),
                  "undo " + u.stepId() + ": " + u.action()));
        }
        r.end(StepStatus.UNDONE, iso(host.now()));
        emit(RunEvent.Type.STEPS, List.of(r), null, null);
      } catch (StepFailure e) {
        failures.add("undo of " + u.stepId() + " failed: " + e.getMessage());
      }
    }
    if (failures.isEmpty()) {
      return RunStatus.ROLLED_BACK;
    }
    error =
        new StepError(
            FailureTypes.RUN_FAILED,
            (error == null ? "" : error.message() + "; ")
                + "rollback incomplete: "
                + String.join("; ", failures),
            null,
            null);
    return RunStatus.FAILED;
  }

  public RunResult result() {
    return new RunResult(input.runId(), status, outputs, error);
  }

  /** The {@code state} query. */
  public RunState state() {
    List<StepState> steps = records.values().stream().map(StepRecord::toState).toList();
    List<ApprovalState> open =
        approvals.values().stream().filter(ApprovalBox::isOpen).map(ApprovalBox::toState).toList();
    RunStatus s =
        status == RunStatus.RUNNING && !open.isEmpty() ? RunStatus.WAITING_APPROVAL : status;
    return new RunState(
        input.runId(),
        input.playbook().key(),
        input.playbook().version(),
        s,
        input.mode(),
        input.startedBy(),
        startedAt,
        endedAt,
        input.inputs(),
        outputs,
        error,
        steps,
        open);
  }

  // ---------------------------------------------------------------- decisions

  /**
   * Checks a decision without changing anything (the update validator): unknown step, step not
   * waiting, malformed decision, four-eyes, not an approver, second vote by the same actor.
   */
  public void validateDecision(ApprovalDecision d) {
    if (d == null || d.stepId() == null) {
      throw new DecisionRejected(FailureTypes.DECISION_INVALID, "a decision needs a stepId");
    }
    StepRecord r = records.get(d.stepId());
    if (r == null) {
      throw new DecisionRejected(
          FailureTypes.DECISION_UNKNOWN_STEP,
          "run " + input.runId() + " has no step '" + d.stepId() + "'");
    }
    ApprovalBox box = approvals.get(d.stepId());
    if (box == null || !box.isOpen()) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_WAITING,
          "step '" + d.stepId() + "' is not waiting for a decision (it is " + r.status.key() + ")");
    }
    if (!ApprovalDecision.APPROVE.equals(d.decision())
        && !ApprovalDecision.REJECT.equals(d.decision())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_INVALID,
          "decision must be 'approve' or 'reject', not '" + d.decision() + "'");
    }
    if (d.actor() == null || d.actor().isBlank()) {
      throw new DecisionRejected(FailureTypes.DECISION_INVALID, "a decision needs an actor");
    }
    if (box.hasVoted(d.actor())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_DUPLICATE_VOTE,
          d.actor() + " has already voted on '" + d.stepId() + "'");
    }
    if (ApprovalDecision.APPROVE.equals(d.decision())
        && d.actor().equals(input.startedBy())
        && !box.spec.allowSelfApproval()) {
      throw new DecisionRejected(
          FailureTypes.DECISION_FOUR_EYES,
          d.actor()
              + " started this run and may not approve it (four-eyes); another approver must decide");
    }
    if (!box.mayDecide(d.actor(), d.roles())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_ALLOWED,
          d.actor()
              + " may not decide '"
              + d.stepId()
              + "': approvers are roles "
              + box.spec.roles()
              + " and users "
              + box.spec.users());
    }
  }

  /**
   * Refuses a decision from outside the run's tenant. Only the update validator calls it: decisions
   * recorded before decisions carried a tenant replay without it.
   */
  public void validateTenant(ApprovalDecision d) {
    if (d == null || !input.tenant().equals(d.tenant())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_ALLOWED, "the decision does not come from this run's tenant");
    }
  }

  /** Applies a validated decision (the update handler) and returns the step's new state. */
  public StepState applyDecision(ApprovalDecision d) {
    validateDecision(d);
    ApprovalBox box = approvals.get(d.stepId());
    box.vote(d, iso(host.now()));
    StepRecord r = records.get(d.stepId());
    if (!box.isOpen()) {
      r.outcome = box.status; // the caller sees the decision at once; the step ends next task
    }
    host.log("run {} step {}: {} by {}", input.runId(), d.stepId(), d.decision(), d.actor());
    return r.toState();
  }

  // ---------------------------------------------------------------- steps

  private Object runSteps(List<Step> steps, Ctx ctx) {
    Object last = SKIPPED;
    for (Step s : steps) {
      Object out = runStep(s, ctx);
      if (out != SKIPPED) {
        last = out;
      }
    }
    return last;
  }

  private static Object valueOf(Object out) {
    return out == SKIPPED ? null : out;
  }

  private Object runStep(Step s, Ctx ctx) {
    StepRecord r = records.get(s.id());
    try {
      if (s.when() != null && !test(s.when(), s.pointer() + "/when", ctx)) {
        skip(List.of(s), ctx);
        return SKIPPED;
      }
      r.start(iso(host.now()));
      ctx.publish(s.id(), r.entry());
      Object out =
          s.timeout() != null
                  && !(s.body() instanceof StepBody.Action)
                  && !(s.body() instanceof StepBody.Approval)
              ? withTimeout(s, ctx, r)
              : execute(s, ctx, r);
      r.output = out;
      r.end(StepStatus.SUCCEEDED, iso(host.now()));
      ctx.publish(s.id(), r.entry());
      if (!r.projected) {
        emit(RunEvent.Type.STEPS, List.of(r), null, null);
      }
      if (s.undo() != null) {
        undo.add(
            new UndoEntry(
                s.id(),
                s.undo().action(),
                resolveMap(s.undo().with(), s.undo().pointer() + "/with", ctx),
                s.undo().pointer()));
      }
      return out;
    } catch (StepFailure f) {
      r.error = f.error();
      r.attempts = Math.max(r.attempts, f.attempts());
      if (r.startedAt == null) {
        r.startedAt = iso(host.now());
      }
      r.end(StepStatus.FAILED, iso(host.now()));
      ctx.publish(s.id(), r.entry());
      emit(RunEvent.Type.STEPS, List.of(r), null, null);
      host.log("run {} step {} failed: {}", input.runId(), s.id(), f.getMessage());
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
      if (r.status == StepStatus.RUNNING || r.status == StepStatus.WAITING) {
        r.end(StepStatus.CANCELLED, iso(host.now()));
        ctx.publish(s.id(), r.entry());
        emit(RunEvent.Type.STEPS, List.of(r), null, null);
      }
      throw c;
    }
  }

  private Object withTimeout(Step s, Ctx ctx, StepRecord r) {
    Duration limit = Durations.require(s.timeout());
    Object[] out = new Object[1];
    RunHost.Branch b = host.fork(() -> out[0] = execute(s, ctx, r));
    if (!host.await(limit, b::isDone)) {
      b.cancel();
      host.await(null, b::isDone);
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
    StepBody body = s.body();
    if (body instanceof StepBody.Action b) {
      return action(s, b, ctx, r);
    } else if (body instanceof StepBody.If b) {
      boolean yes = test(b.condition(), s.pointer() + "/if", ctx);
      skip(yes ? b.otherwise() : b.then(), ctx);
      return valueOf(runSteps(yes ? b.then() : b.otherwise(), ctx));
    } else if (body instanceof StepBody.Switch b) {
      String key = Expressions.toText(evaluate(b.value(), s.pointer() + "/switch", ctx));
      List<Step> chosen = b.cases().getOrDefault(key, b.defaultCase());
      b.cases().values().stream().filter(l -> l != chosen).forEach(l -> skip(l, ctx));
      if (chosen != b.defaultCase()) {
        skip(b.defaultCase(), ctx);
      }
      return valueOf(runSteps(chosen, ctx));
    } else if (body instanceof StepBody.ForEach b) {
      return forEach(s, b, ctx);
    } else if (body instanceof StepBody.Parallel b) {
      return parallel(b, ctx);
    } else if (body instanceof StepBody.Approval b) {
      return approval(s, b.approval(), ctx, r);
    } else if (body instanceof StepBody.Wait b) {
      return await(s, b, ctx);
    } else if (body instanceof StepBody.ChildPlaybook b) {
      return child(s, b, ctx);
    } else if (body instanceof StepBody.Set b) {
      Map<String, Object> values = resolveMap(b.values(), s.pointer() + "/set", ctx);
      vars.putAll(values);
      return values;
    } else if (body instanceof StepBody.Fail b) {
      throw StepFailure.at(
          FailureTypes.PLAYBOOK_FAILED,
          Expressions.toText(evaluate(b.message(), s.pointer() + "/fail", ctx)),
          s.pointer() + "/fail");
    }
    throw new IllegalStateException("unknown step kind " + body.kind());
  }

  private Object action(Step s, StepBody.Action b, Ctx ctx, StepRecord r) {
    ActionDefinition def = CATALOG.require(b.action());
    Map<String, Object> with = resolveMap(b.with(), s.pointer() + "/with", ctx);
    r.input = with;
    SideEffect effect = def.sideEffectOf(with);
    if (input.mode() == RunMode.DRY_RUN && effect != SideEffect.READ) {
      r.simulated = true;
      Map<String, Object> preview = new LinkedHashMap<>();
      preview.put("simulated", true);
      preview.put("action", b.action());
      preview.put("sideEffect", effect.key());
      preview.put("with", with);
      return preview;
    }
    // The activity records the step's end itself (one round trip less per step); the run
    // reserves the sequence number so that write cannot overtake later transitions.
    StepProjection projection =
        projecting
            ? new StepProjection(++seq, positions.get(s.id()), s.kind().key(), r.startedAt)
            : null;
    ActionResult res =
        host.executeAction(
            new ActionInvocation(
                new ActionRequest(
                    input.tenant(), input.runId(), s.id(), b.action(), with, projection),
                Durations.require(s.timeout() != null ? s.timeout() : def.timeout()),
                retryPlan(s.retry(), def),
                s.id() + ": " + b.action()));
    r.attempts = res.attempt();
    r.projected = res.projected();
    return Json.normalize(res.output());
  }

  private static RetryPlan retryPlan(RetrySpec spec, ActionDefinition def) {
    ActionDefinition.DefaultRetry d = def.retry();
    Set<String> nonRetryable = new LinkedHashSet<>(def.nonRetryableErrors());
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

  // ---------------------------------------------------------------- loops

  private Object forEach(Step s, StepBody.ForEach b, Ctx ctx) {
    Object value = evaluate(b.items(), s.pointer() + "/forEach", ctx);
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
    if (items.size() > SLICE_SIZE) {
      return sliced(s, b, new ArrayList<>(items), ctx);
    }
    return iterate(s, b, new ArrayList<>(items), 0, ctx);
  }

  /**
   * Runs iterations with at most {@code concurrency} in flight; results in item order. After a
   * failure no new iteration starts, but the ones in flight finish, so that everything that did
   * happen is known and can be compensated; then the loop fails with the first failure.
   */
  private List<Object> iterate(
      Step s, StepBody.ForEach b, List<Object> items, long offset, Ctx ctx) {
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
    while (true) {
      while (failure == null && next < n && running.size() < b.concurrency()) {
        int i = next++;
        running.add(host.fork(() -> results[i] = iteration(s, b, items.get(i), offset + i, ctx)));
      }
      if (running.isEmpty()) {
        break;
      }
      host.await(null, () -> running.stream().anyMatch(RunHost.Branch::isDone));
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
    if (failure != null) {
      throw failure;
    }
    return Arrays.asList(results);
  }

  private Object iteration(Step s, StepBody.ForEach b, Object item, long index, Ctx ctx) {
    Ctx it =
        ctx.iteration(pendingEntries(b.body()), b.as(), item, index, s.id() + "[" + index + "]");
    try {
      return valueOf(runSteps(b.body(), it));
    } catch (StepFailure f) {
      StepError e = f.error();
      throw new StepFailure(
          new StepError(
              e.type(), "item " + index + ": " + e.message(), e.pointer(), e.expression()),
          f.attempts());
    }
  }

  private List<Object> sliced(Step s, StepBody.ForEach b, List<Object> items, Ctx ctx) {
    List<Object> out = new ArrayList<>(items.size());
    Map<String, Object> visible = new LinkedHashMap<>(ctx.visibleSteps());
    for (int k = 0; (long) k * SLICE_SIZE < items.size(); k++) {
      int from = k * SLICE_SIZE;
      List<Object> part =
          new ArrayList<>(items.subList(from, Math.min(items.size(), from + SLICE_SIZE)));
      SliceResult res =
          host.runSlice(
              new SliceInvocation(
                  ctx.path() + s.id() + "/slice-" + k,
                  new SliceInput(
                      input,
                      s.id(),
                      part,
                      from,
                      b.concurrency(),
                      visible,
                      new LinkedHashMap<>(vars),
                      ctx.allLocals())));
      undo.addAll(res.undo());
      if (res.error() != null) {
        throw new StepFailure(res.error(), 0);
      }
      out.addAll(res.outputs());
    }
    return out;
  }

  /** Runs one slice of a large loop (the slice workflow's body). */
  public SliceResult runSlice(SliceInput in) {
    projecting = false;
    if (definitionError != null) {
      return new SliceResult(List.of(), List.of(), definitionError);
    }
    Step s = stepsById.get(in.stepId());
    if (s == null || !(s.body() instanceof StepBody.ForEach b)) {
      return new SliceResult(
          List.of(),
          List.of(),
          new StepError(
              FailureTypes.INVALID_DEFINITION,
              "no forEach step '" + in.stepId() + "'",
              null,
              null));
    }
    vars.putAll(Json.normalizeMap(in.vars()));
    Ctx ctx = Ctx.root(Json.normalizeMap(in.steps()), Json.normalizeMap(in.locals()));
    try {
      List<Object> results = iterate(s, b, new ArrayList<>(in.items()), in.offset(), ctx);
      return new SliceResult(results, List.copyOf(undo), null);
    } catch (StepFailure f) {
      return new SliceResult(List.of(), List.copyOf(undo), f.error());
    }
  }

  // ---------------------------------------------------------------- parallel

  private Object parallel(StepBody.Parallel b, Ctx ctx) {
    int n = b.branches().size();
    Object[] results = new Object[n];
    List<RunHost.Branch> forks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = i;
      forks.add(host.fork(() -> results[k] = valueOf(runSteps(b.branches().get(k), ctx))));
    }
    // join all: every branch finishes (a failed branch does not cancel the others, so what they
    // did is known and compensable); join any: the first successful branch wins.
    boolean any = b.join() == StepBody.Join.ANY;
    host.await(
        null,
        () ->
            forks.stream().allMatch(RunHost.Branch::isDone)
                || any && forks.stream().anyMatch(f -> f.isDone() && f.failure() == null));
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
    host.await(null, () -> forks.stream().allMatch(RunHost.Branch::isDone));
    for (int i : cancelled) {
      results[i] = null;
      markPending(b.branches().get(i), StepStatus.CANCELLED, ctx);
    }
    if (any ? !won : failure != null) {
      throw failure;
    }
    return Arrays.asList(results);
  }

  // ---------------------------------------------------------------- approvals

  private Object approval(Step s, ApprovalSpec a, Ctx ctx, StepRecord r) {
    String prompt = Expressions.toText(evaluate(a.prompt(), s.pointer() + "/approval/prompt", ctx));
    long opened = host.now();
    Long due = a.timeout() == null ? null : opened + Durations.require(a.timeout()).toMillis();
    ApprovalBox box =
        new ApprovalBox(s.id(), prompt, a, iso(opened), due == null ? null : iso(due));
    approvals.put(s.id(), box);
    r.approval = box;
    r.status = StepStatus.WAITING;
    ctx.publish(s.id(), r.entry());
    emit(RunEvent.Type.APPROVAL, List.of(r), box, null);
    List<ApprovalSpec.Escalation> escalations = new ArrayList<>(a.escalate());
    escalations.sort(Comparator.comparing(e -> Durations.require(e.after())));
    int next = 0;
    int[] projectedVotes = {0};
    try {
      while (box.isOpen()) {
        long escAt =
            next < escalations.size()
                ? opened + Durations.require(escalations.get(next).after()).toMillis()
                : Long.MAX_VALUE;
        long wake = Math.min(escAt, due == null ? Long.MAX_VALUE : due);
        Duration timeout =
            wake == Long.MAX_VALUE ? null : Duration.ofMillis(Math.max(0, wake - host.now()));
        // Wakes on a decision, on a new vote (to record it) or at the next deadline.
        boolean woken =
            host.await(timeout, () -> !box.isOpen() || box.votes.size() > projectedVotes[0]);
        projectVotes(box, projectedVotes);
        if (woken) {
          continue;
        }
        long now = host.now();
        if (due != null && now >= due) {
          box.decide(
              switch (a.onTimeout()) {
                case APPROVE -> ApprovalBox.APPROVED;
                case REJECT -> ApprovalBox.REJECTED;
                case FAIL -> ApprovalBox.TIMED_OUT;
              },
              "timeout",
              iso(now));
        } else if (now >= escAt) {
          escalate(s, box, escalations.get(next), ctx);
          next++;
        }
      }
    } catch (Cancelled c) {
      box.decide(ApprovalBox.CANCELLED, "cancel", iso(host.now()));
      projectVotes(box, projectedVotes);
      emit(RunEvent.Type.APPROVAL, List.of(), box, null);
      throw c;
    }
    projectVotes(box, projectedVotes);
    emit(RunEvent.Type.APPROVAL, List.of(), box, null);
    r.outcome = box.status;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("decision", box.status);
    out.put("decidedBy", box.decidedBy);
    out.put("decidedAt", box.decidedAt);
    out.put("votes", Json.normalize(box.votes));
    if (ApprovalBox.TIMED_OUT.equals(box.status)) {
      r.output = out;
      throw StepFailure.at(
          FailureTypes.APPROVAL_TIMED_OUT,
          "no decision on '" + s.id() + "' within " + a.timeout(),
          s.pointer() + "/approval/timeout");
    }
    if (ApprovalBox.REJECTED.equals(box.status) && a.onReject() == ApprovalSpec.OnReject.FAIL) {
      r.output = out;
      String by =
          box.votes.stream()
              .filter(v -> ApprovalDecision.REJECT.equals(v.decision()))
              .map(v -> v.actor() + (v.comment() == null ? "" : " (" + v.comment() + ")"))
              .collect(Collectors.joining(", "));
      throw StepFailure.at(
          FailureTypes.APPROVAL_REJECTED,
          "'" + s.id() + "' was rejected" + (by.isEmpty() ? " on timeout" : " by " + by),
          s.pointer() + "/approval");
    }
    return out;
  }

  private void projectVotes(ApprovalBox box, int[] projected) {
    while (projected[0] < box.votes.size()) {
      emit(RunEvent.Type.VOTE, List.of(), box, box.votes.get(projected[0]++));
    }
  }

  private void escalate(Step s, ApprovalBox box, ApprovalSpec.Escalation e, Ctx ctx) {
    String message =
        e.message() == null
            ? "Still waiting for a decision: " + box.prompt
            : Expressions.toText(evaluate(e.message(), s.pointer() + "/approval/escalate", ctx));
    if (input.mode() != RunMode.DRY_RUN) {
      host.escalate(
          new EscalationNotice(
              input.tenant(),
              input.runId(),
              s.id(),
              input.playbook().key(),
              e.recipients(),
              message,
              box.openedAt,
              box.dueAt));
    }
    box.escalated.addAll(e.recipients());
  }

  // ---------------------------------------------------------------- wait, child

  private Object await(Step s, StepBody.Wait b, Ctx ctx) {
    long now = host.now();
    long until;
    if (b.duration() != null) {
      until = now + Durations.require(b.duration()).toMillis();
    } else {
      Object v = evaluate(b.until(), s.pointer() + "/wait/until", ctx);
      try {
        until = Instant.parse(String.valueOf(v)).toEpochMilli();
      } catch (DateTimeParseException e) {
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
      host.sleep(Duration.ofMillis(until - now));
    }
    return Map.of("until", iso(Math.max(until, now)));
  }

  private Object child(Step s, StepBody.ChildPlaybook b, Ctx ctx) {
    PinnedPlaybook pinned = children.get(b.playbook());
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
    Map<String, Object> inputs = resolveMap(b.with(), s.pointer() + "/with", ctx);
    String childKey = ctx.path() + s.id();
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "parent-run");
    trigger.put("parentRunId", input.runId());
    trigger.put("stepId", s.id());
    StartRunInput childInput =
        new StartRunInput(
            input.runId() + "/" + childKey,
            input.tenant(),
            pinned,
            input.children(),
            inputs,
            input.mode(),
            input.startedBy(),
            trigger);
    RunResult res =
        host.runChild(
            new ChildInvocation(
                childKey, childInput, s.timeout() == null ? null : Durations.require(s.timeout())));
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

  // ---------------------------------------------------------------- skipping

  private void skip(List<Step> steps, Ctx ctx) {
    markPending(steps, StepStatus.SKIPPED, ctx);
  }

  /** Marks steps (and their nested steps) that have not started with {@code status}. */
  private void markPending(List<Step> steps, StepStatus status, Ctx ctx) {
    List<StepRecord> changed = new ArrayList<>();
    collectIds(
        steps,
        id -> {
          StepRecord r = records.get(id);
          if (r.status == StepStatus.PENDING || status == StepStatus.SKIPPED) {
            r.start(null);
            r.end(status, iso(host.now()));
            r.startedAt = null;
            ctx.publish(id, r.entry());
            changed.add(r);
          }
        });
    if (!changed.isEmpty()) {
      emit(RunEvent.Type.STEPS, changed, null, null);
    }
  }

  // ---------------------------------------------------------------- expressions

  private Map<String, Object> variables(Ctx ctx) {
    Map<String, Object> v = new LinkedHashMap<>(ctx.allLocals());
    v.put("inputs", input.inputs());
    v.put("steps", ctx.visibleSteps());
    v.put("vars", vars);
    v.put("trigger", input.trigger());
    v.put("run", runInfo);
    v.put("incident", Map.of());
    return v;
  }

  private Object evaluate(String text, String pointer, Ctx ctx) {
    try {
      return Expressions.evaluate(text, ctx.scope(), variables(ctx));
    } catch (ExpressionException e) {
      throw expressionFailure(e, pointer);
    }
  }

  private boolean test(String text, String pointer, Ctx ctx) {
    try {
      return Expressions.test(text, ctx.scope(), variables(ctx));
    } catch (ExpressionException e) {
      throw expressionFailure(e, pointer);
    }
  }

  private static StepFailure expressionFailure(ExpressionException e, String pointer) {
    return new StepFailure(
        new StepError(
            FailureTypes.EXPRESSION_ERROR,
            "expression '" + e.expression() + "' at " + pointer + " failed: " + e.getMessage(),
            pointer,
            e.expression()),
        0);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> resolveMap(Map<String, Object> value, String pointer, Ctx ctx) {
    return (Map<String, Object>) resolve(value, pointer, ctx, variables(ctx));
  }

  private Object resolve(Object value, String pointer, Ctx ctx, Map<String, Object> variables) {
    if (value instanceof String s) {
      try {
        return Expressions.evaluate(s, ctx.scope(), variables);
      } catch (ExpressionException e) {
        throw expressionFailure(e, pointer);
      }
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k),
                  resolve(
                      v, pointer + "/" + Json.pointerToken(String.valueOf(k)), ctx, variables)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(resolve(l.get(i), pointer + "/" + i, ctx, variables));
      }
      return out;
    }
    return value;
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
