package dev.vigil.workflows.playbook.engine;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import dev.vigil.playbook.model.PlaybookParser;
import dev.vigil.playbook.model.Step;
import dev.vigil.playbook.model.StepBody;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.PlaybookValidator;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.ApprovalOutcome;
import dev.vigil.workflows.playbook.ApprovalRequest;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.system.FailureTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The playbook interpreter. It owns the control flow of a run — guards, branches, loops, parallel
 * branches, approvals, error handling, compensation — and reaches the outside world only through
 * {@link RunHost}, so it runs unchanged under Temporal (the workflow class is a thin shell around
 * it) and in plain-Java unit tests. This class is the run's lifecycle and its handlers; the parts
 * ({@link Steps}, {@link Loops}, {@link Approvals}, {@link Compensation}, {@link Evaluator}, {@link
 * Projector}) share one {@link RunContext}.
 *
 * <p>Deterministic by construction: ordered maps only, time from the host, expressions are pure. It
 * only parses the definition it is given: validation, catalog look-ups and input preparation happen
 * before the run starts and are pinned into its input, so a deploy that changes the validator or
 * the catalog never changes the path of a run in flight.
 */
public final class RunEngine {

  /** Loops with more items than this run in child slices of this size (history stays small). */
  public static final int SLICE_SIZE = 250;

  private final RunContext run;
  private final Projector projector;
  private final Evaluator eval;
  private final Compensation undo;
  private final Approvals approvals;
  private final Steps steps;

  private String startedAt;
  private String endedAt;
  private Map<String, Object> outputs;
  private StepError error;
  private CancelRequest cancelRequest;
  private boolean sliceCancelRequested;
  private RunHost.Branch main;

  /** The engine of a run (or child run): workflow id {@link StartRunInput#workflowId}. */
  public RunEngine(RunHost host, StartRunInput input) {
    this(host, input, StartRunInput.workflowId(input.tenant(), input.runId()), null);
  }

  /** The engine of one slice of a large loop of a run. */
  public static RunEngine forSlice(RunHost host, SliceInput in) {
    return new RunEngine(host, in.run(), in.workflowId(), in.runWorkflowId());
  }

  private RunEngine(RunHost host, StartRunInput input, String workflowId, String runWorkflowId) {
    this.run =
        new RunContext(host, input, workflowId, runWorkflowId == null ? workflowId : runWorkflowId);
    this.projector = new Projector(run, this::currentStatus);
    this.eval = new Evaluator(run);
    this.undo = new Compensation(run, projector, eval);
    this.approvals = new Approvals(run, projector, eval);
    this.steps = new Steps(run, projector, eval, undo, approvals);
    try {
      PlaybookParser.Parsed parsed =
          PlaybookParser.parse(Json.parse(input.playbook().definition()));
      if (parsed.findings().isEmpty()) {
        run.use(parsed.playbook());
      } else {
        run.definitionError = invalid(parsed.findings().get(0));
      }
    } catch (java.io.IOException | RuntimeException e) {
      run.definitionError =
          new StepError(FailureTypes.INVALID_DEFINITION, e.getMessage(), null, null);
    }
  }

  private StepError invalid(Finding f) {
    return new StepError(
        FailureTypes.INVALID_DEFINITION,
        "playbook " + run.input.playbook().key() + " is invalid: " + f.format(),
        f.pointer(),
        null);
  }

  /**
   * Runs started before the engine only parsed re-ran the validator when they started; they keep
   * doing so on replay, so their history does not change.
   */
  private void validateLegacy() {
    if (run.definitionError != null) {
      return;
    }
    try {
      ValidationReport report =
          new PlaybookValidator(ActionCatalog.bundled(), null)
              .validate(run.input.playbook().definition());
      if (!report.valid()) {
        run.definitionError = invalid(report.errors().get(0));
      }
    } catch (RuntimeException e) {
      run.definitionError =
          new StepError(FailureTypes.INVALID_DEFINITION, e.getMessage(), null, null);
    }
  }

  // ---------------------------------------------------------------- run lifecycle

  /** Runs the playbook to its end and returns the result. */
  public RunResult run() {
    run.version = run.host.version(RunContext.ENGINE_CHANGE, RunContext.CURRENT);
    startedAt = run.now();
    run.runInfo.put("startedAt", startedAt);
    projector.emit(RunEvent.Type.RUN_STARTED, List.of());
    if (run.legacy()) {
      validateLegacy();
    }
    if (run.definitionError != null) {
      return finishEarly(run.definitionError);
    }
    if (!run.legacy()) {
      try {
        Limits.checkRunInputs(run.input.inputs());
      } catch (LimitExceededException e) {
        return finishEarly(
            new StepError(FailureTypes.LIMIT_EXCEEDED, e.getMessage(), "/inputs", null));
      }
    }
    // the input schema is part of the pinned definition: checking it is interpretation
    List<Finding> inputErrors = JsonSchemas.checkInputs(run.playbook.inputs(), run.input.inputs());
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
    Ctx root = Ctx.root(run.pendingEntries(run.playbook.steps()), new LinkedHashMap<>());
    run.host.log(
        "run {} of {} v{} started",
        run.input.runId(),
        run.playbook.key(),
        run.input.playbook().version());
    main = run.host.fork(() -> steps.runSteps(run.playbook.steps(), root));
    run.host.runDetached(() -> finish(root));
    return result();
  }

  private RunResult finishEarly(StepError e) {
    error = e;
    run.status = RunStatus.FAILED;
    endedAt = run.now();
    projector.ended(new ArrayList<>(run.records.values()), null, error);
    return result();
  }

  private void finish(Ctx root) {
    while (!main.isDone()) {
      run.host.await(null, () -> main.isDone() || externalCancelPending());
      if (!main.isDone() && externalCancelPending()) {
        requestCancel(new CancelRequest(false, "temporal", "the workflow was cancelled"));
      }
    }
    RuntimeException f = main.failure();
    if (f == null && cancelRequest != null && !run.legacy()) {
      // the cancel came while the last step was finishing (a write that was not abandoned):
      // the caller asked for the run to stop, and for a rollback when they said so
      f = new Cancelled("cancelled as the last step ended");
    }
    if (f == null) {
      try {
        outputs = eval.resolveMap(run.playbook.outputs(), "/outputs", root);
        run.status = RunStatus.SUCCEEDED;
      } catch (StepFailure sf) {
        error = sf.error();
        run.status = RunStatus.FAILED;
      }
    } else if (f instanceof Cancelled) {
      error =
          new StepError(
              FailureTypes.CANCELLED,
              "cancelled by "
                  + cancelRequest.requestedBy()
                  + (cancelRequest.reason() == null ? "" : ": " + cancelRequest.reason()),
              null,
              null);
      run.status = cancelRequest.rollback() ? rollback() : RunStatus.CANCELLED;
    } else if (f instanceof StepFailure sf) {
      error = sf.error();
      run.status = run.playbook.rollbackOnFailure() ? rollback() : RunStatus.FAILED;
    } else {
      throw f;
    }
    approvals.closeOpen();
    endedAt = run.now();
    // the final event carries every step, so the store shows steps that never ran too
    projector.ended(new ArrayList<>(run.records.values()), outputs, error);
    run.host.log("run {} ended {}", run.input.runId(), run.status.key());
  }

  private RunStatus rollback() {
    List<String> failures = undo.rollback();
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

  /** The run status now: running with an open approval shows as waiting_approval. */
  private RunStatus currentStatus() {
    return run.status == RunStatus.RUNNING && approvals.anyOpen()
        ? RunStatus.WAITING_APPROVAL
        : run.status;
  }

  private boolean externalCancelPending() {
    return cancelRequest == null && run.host.externalCancelRequested();
  }

  /** Handles the {@code cancel} signal: cancels running steps, then optionally rolls back. */
  public void requestCancel(CancelRequest request) {
    if (cancelRequest != null || main == null || main.isDone()) {
      return;
    }
    cancelRequest = request;
    main.cancel();
  }

  public RunResult result() {
    return new RunResult(run.input.runId(), run.status, outputs, error);
  }

  /** The {@code state} query. */
  public RunState state() {
    List<StepState> states = run.records.values().stream().map(StepRecord::toState).toList();
    return new RunState(
        run.input.runId(),
        run.input.playbook().key(),
        run.input.playbook().version(),
        currentStatus(),
        run.input.mode(),
        run.input.startedBy(),
        startedAt,
        endedAt,
        run.input.inputs(),
        outputs,
        error,
        states,
        approvals.open());
  }

  // ---------------------------------------------------------------- slices

  /** Runs one slice of a large loop (the slice workflow's body) and reports what it did. */
  public SliceResult runSlice(SliceInput in) {
    if (run.definitionError != null) {
      return new SliceResult(List.of(), List.of(), run.definitionError, false, null, null);
    }
    Step s = run.stepsById.get(in.stepId());
    if (s == null || !(s.body() instanceof StepBody.ForEach b)) {
      return new SliceResult(
          List.of(),
          List.of(),
          new StepError(
              FailureTypes.INVALID_DEFINITION, "no forEach step '" + in.stepId() + "'", null, null),
          false,
          null,
          null);
    }
    run.vars.putAll(Json.normalizeMap(in.vars()));
    Object[] results = new Object[1];
    main = run.host.fork(() -> results[0] = steps.loops().sliceIterations(in, s, b));
    run.host.runDetached(
        () -> {
          while (!main.isDone()) {
            run.host.await(
                null,
                () -> main.isDone() || sliceCancelRequested || run.host.externalCancelRequested());
            if (!main.isDone()) {
              main.cancel();
              run.host.await(null, main::isDone);
            }
          }
        });
    RuntimeException f = main.failure();
    List<StepState> body = steps.loops().bodyStates(b);
    Map<String, Object> vars = new LinkedHashMap<>(run.vars);
    if (f == null) {
      @SuppressWarnings("unchecked")
      List<Object> outs = (List<Object>) results[0];
      return new SliceResult(outs, undo.entries(), null, false, body, vars);
    }
    if (f instanceof Cancelled) {
      return new SliceResult(List.of(), undo.entries(), null, true, body, vars);
    }
    if (f instanceof StepFailure sf) {
      return new SliceResult(List.of(), undo.entries(), sf.error(), false, body, vars);
    }
    throw f;
  }

  /** The slice's {@code cancel} signal: stop the iterations, then report what they did. */
  public void cancelSlice() {
    sliceCancelRequested = true;
  }

  /** The run's signal from a slice that opened an approval. */
  public void approvalFromSlice(ApprovalRequest request) {
    approvals.received(request);
  }

  /** The slice's signal from its run: how an approval it handed over ended. */
  public void approvalOutcome(ApprovalOutcome outcome) {
    approvals.answered(outcome);
  }

  // ---------------------------------------------------------------- decisions

  /**
   * Checks a decision without changing anything (the update validator): unknown step, step not
   * waiting, malformed decision, four-eyes, not an approver, second vote by the same actor.
   */
  public void validateDecision(ApprovalDecision d) {
    approvals.validate(d);
  }

  /**
   * Refuses a decision from outside the run's tenant. Only the update validator calls it: decisions
   * recorded before decisions carried a tenant replay without it.
   */
  public void validateTenant(ApprovalDecision d) {
    if (d == null || !run.input.tenant().equals(d.tenant())) {
      throw new DecisionRejected(
          FailureTypes.DECISION_NOT_ALLOWED, "the decision does not come from this run's tenant");
    }
  }

  /** Applies a validated decision (the update handler) and returns the step's new state. */
  public StepState applyDecision(ApprovalDecision d) {
    return approvals.apply(d);
  }
}
