package dev.vigil.activities.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.run.StepRow;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.SqlErrors;
import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.StepProjection;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Dispatches {@link ActionActivities#execute} to the {@link ActionHandler} of the action. */
public class ActionActivitiesImpl implements ActionActivities {

  private static final Logger log = LoggerFactory.getLogger(ActionActivitiesImpl.class);

  private final ActionCatalog catalog;
  private final Map<String, ActionHandler> handlers = new LinkedHashMap<>();
  private final RunRepository runs;

  /** Actions without a system of record (tests, the CLI): step ends are left to the run. */
  public ActionActivitiesImpl(ActionCatalog catalog, Collection<ActionHandler> handlers) {
    this(catalog, handlers, null);
  }

  /**
   * @param runs where a step's successful end is recorded when the run asks for it (see {@link
   *     dev.vigil.workflows.action.StepProjection}); null leaves it to the run
   */
  public ActionActivitiesImpl(
      ActionCatalog catalog, Collection<ActionHandler> handlers, RunRepository runs) {
    this.catalog = catalog;
    this.runs = runs;
    for (ActionHandler h : handlers) {
      if (this.handlers.put(h.name(), h) != null) {
        throw new IllegalStateException("two handlers for action " + h.name());
      }
    }
  }

  /** Names of the implemented actions (a test compares them with the catalog). */
  public Set<String> implemented() {
    return handlers.keySet();
  }

  @Override
  public ActionResult execute(ActionRequest request) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    MDC.put("tenant", request.tenant());
    MDC.put("runId", request.runId());
    MDC.put("stepId", request.stepId());
    try {
      Object output = invoke(request, attempt);
      return new ActionResult(output, attempt, recordStepEnd(request, output, attempt));
    } catch (ActionException e) {
      log.warn(
          "action {} failed (attempt {}): {}: {}",
          request.action(),
          attempt,
          e.type(),
          e.getMessage());
      // Retryable or not is decided by the retry options the workflow set from the catalog.
      throw ApplicationFailure.newFailureWithCause(e.getMessage(), e.type(), null, attempt);
    } finally {
      MDC.remove("tenant");
      MDC.remove("runId");
      MDC.remove("stepId");
    }
  }

  /**
   * Records the step's successful end when the run asked for it. A failed write is not the action's
   * failure (retrying would repeat its side effect): it is logged and the run records the step end
   * itself.
   */
  private boolean recordStepEnd(ActionRequest request, Object output, int attempt) {
    StepProjection p = request.projection();
    if (p == null || runs == null) {
      return false;
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("id", request.stepId());
    state.put("kind", p.kind());
    state.put("status", "succeeded");
    state.put("outcome", null);
    state.put("attempts", (long) attempt);
    state.put("output", PostgresText.clean(output));
    state.put("error", null);
    state.put("startedAt", p.startedAt());
    state.put("endedAt", Instant.now().toString());
    state.put("simulated", false);
    try {
      runs.upsertSteps(
          request.tenant(),
          request.runId(),
          p.seq(),
          List.of(new StepRow(request.stepId(), p.position(), state)));
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "could not record the end of step {}; the run will: {}",
          request.stepId(),
          SqlErrors.redacted(e).getMessage());
      return false;
    }
  }

  /** Checks the input and runs the handler; public for tests that call actions directly. */
  public Object invoke(ActionRequest request, int attempt) {
    ActionHandler handler = handlers.get(request.action());
    if (handler == null || catalog.find(request.action()).isEmpty()) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT,
          "action " + request.action() + " is not available on this worker");
    }
    Map<String, Object> with =
        request.with() == null ? Map.of() : Json.normalizeMap(request.with());
    JsonNode node = Json.toNode(with);
    List<Finding> problems = catalog.checkInput(request.action(), node, "/with");
    if (!problems.isEmpty()) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT,
          request.action()
              + " input is invalid: "
              + problems.stream().map(Finding::format).collect(Collectors.joining("; ")));
    }
    return Json.normalize(
        handler.execute(
            with, new ActionContext(request.tenant(), request.runId(), request.stepId(), attempt)));
  }
}
