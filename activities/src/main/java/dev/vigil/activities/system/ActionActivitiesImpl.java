package dev.vigil.activities.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.SideEffect;
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
import dev.vigil.workflows.system.VigilMeters;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Dispatches {@link ActionActivities#execute} to the {@link ActionHandler} of the action. */
public class ActionActivitiesImpl implements ActionActivities {

  private static final Logger log = LoggerFactory.getLogger(ActionActivitiesImpl.class);

  private final ActionCatalog catalog;
  private final Map<String, ActionHandler<?>> handlers = new LinkedHashMap<>();
  private final RunRepository runs;

  /** Handler threads of heartbeating activities (daemon: they never hold the JVM up). */
  private final VigilMeters meters;

  private final ExecutorService calls =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "vigil-action");
            t.setDaemon(true);
            return t;
          });

  /** Actions without a system of record (tests, the CLI): step ends are left to the run. */
  public ActionActivitiesImpl(
      ActionCatalog catalog, Collection<? extends ActionHandler<?>> handlers) {
    this(catalog, handlers, null);
  }

  /**
   * @param runs where a step's successful end is recorded when the run asks for it (see {@link
   *     dev.vigil.workflows.action.StepProjection}); null leaves it to the run
   */
  public ActionActivitiesImpl(
      ActionCatalog catalog, Collection<? extends ActionHandler<?>> handlers, RunRepository runs) {
    this(catalog, handlers, runs, VigilMeters.discard());
  }

  /**
   * @param meters where each step's duration is recorded ({@code vigil_step_duration_seconds})
   */
  public ActionActivitiesImpl(
      ActionCatalog catalog,
      Collection<? extends ActionHandler<?>> handlers,
      RunRepository runs,
      VigilMeters meters) {
    this.catalog = catalog;
    this.runs = runs;
    this.meters = meters;
    for (ActionHandler<?> h : handlers) {
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
    ActivityExecutionContext context = Activity.getExecutionContext();
    int attempt = context.getInfo().getAttempt();
    Duration heartbeat = context.getInfo().getHeartbeatTimeout();
    MDC.put("tenant", request.tenant());
    MDC.put("runId", request.runId());
    MDC.put("stepId", request.stepId());
    long started = System.nanoTime();
    String outcome = "error";
    try {
      Object output =
          heartbeat == null || heartbeat.isZero()
              ? invoke(request, attempt)
              : heartbeating(context, request, attempt, heartbeat);
      outcome = "ok";
      return new ActionResult(output, attempt, recordStepEnd(request, output, attempt));
    } catch (ActionException e) {
      log.warn(
          "action {} failed (attempt {}): {}: {}",
          request.action(),
          attempt,
          e.type(),
          e.getMessage());
      // Retryable or not is decided by the retry options the workflow set from the catalog.
      throw e.retryAfter() == null
          ? ApplicationFailure.newFailureWithCause(e.getMessage(), e.type(), null, attempt)
          : ApplicationFailure.newFailureWithCauseAndDelay(
              e.getMessage(), e.type(), null, e.retryAfter(), attempt);
    } finally {
      meters.step(request.action(), outcome, Duration.ofNanos(System.nanoTime() - started));
      MDC.remove("tenant");
      MDC.remove("runId");
      MDC.remove("stepId");
    }
  }

  /**
   * Runs the handler on its own thread and heartbeats while it runs, so a lost worker is noticed
   * early and a cancelled run reaches the activity. Cancelled, a read is interrupted at once; a
   * write in flight is finished first (stopping it halfway would leave its effect unknown; the run,
   * which waits for the activity to stop, then compensates it).
   */
  private Object heartbeating(
      ActivityExecutionContext context, ActionRequest request, int attempt, Duration heartbeat) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Future<Object> call =
        calls.submit(
            () -> {
              MDC.setContextMap(mdc);
              try {
                return invoke(request, attempt);
              } finally {
                MDC.clear();
              }
            });
    long every = Math.max(100, heartbeat.toMillis() / 3);
    boolean cancelled = false;
    while (true) {
      try {
        return cancelled ? call.get() : call.get(every, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        try {
          context.heartbeat(null);
        } catch (ActivityCompletionException e) {
          if (!writes(request)) {
            call.cancel(true);
            throw e;
          }
          log.info("run cancelled while {} writes; finishing the write first", request.action());
          cancelled = true;
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new ActionException(FailureTypes.ACTION_FAILED, String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        throw new ActionException(FailureTypes.ACTION_FAILED, "the worker is shutting down");
      }
    }
  }

  private boolean writes(ActionRequest request) {
    return catalog
        .find(request.action())
        .map(d -> d.sideEffectOf(request.with()) != SideEffect.READ)
        .orElse(true);
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
    ActionHandler<?> handler = handlers.get(request.action());
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
        run(
            handler,
            with,
            new ActionContext(request.tenant(), request.runId(), request.stepId(), attempt)));
  }

  private static <I> Object run(
      ActionHandler<I> handler, Map<String, Object> with, ActionContext c) {
    I input;
    try {
      input = Json.MAPPER.convertValue(with, handler.input());
    } catch (IllegalArgumentException e) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, handler.name() + " input is invalid: " + e.getMessage());
    }
    return handler.execute(input, c);
  }
}
