package dev.vigil.workflows.playbook;

import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.action.NotificationActivities;
import dev.vigil.workflows.playbook.engine.ActionInvocation;
import dev.vigil.workflows.playbook.engine.Cancelled;
import dev.vigil.workflows.playbook.engine.ChildInvocation;
import dev.vigil.workflows.playbook.engine.RunHost;
import dev.vigil.workflows.playbook.engine.SliceInput;
import dev.vigil.workflows.playbook.engine.SliceResult;
import dev.vigil.workflows.playbook.engine.StepFailure;
import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.projection.RunProjectionActivities;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * {@link RunHost} on the Temporal SDK. Workflow code: deterministic calls only. Activities and
 * children run on the run's own task queue.
 */
final class TemporalRunHost implements RunHost {

  private static final Logger log = Workflow.getLogger(TemporalRunHost.class);

  private static final ActivityOptions ESCALATION_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(5)
                  .setInitialInterval(Duration.ofSeconds(2))
                  .build())
          .build();

  private static final LocalActivityOptions PROJECTION_OPTIONS =
      dev.vigil.workflows.system.Projections.LOCAL_ACTIVITY;

  private final CancellationScope root = CancellationScope.current();

  @Override
  public long now() {
    return Workflow.currentTimeMillis();
  }

  @Override
  public ActionResult executeAction(ActionInvocation inv) {
    RetryOptions retry =
        RetryOptions.newBuilder()
            .setMaximumAttempts(inv.retry().maxAttempts())
            .setInitialInterval(inv.retry().initialInterval())
            .setBackoffCoefficient(inv.retry().backoffCoefficient())
            .setMaximumInterval(inv.retry().maximumInterval())
            .setDoNotRetry(inv.retry().nonRetryable().toArray(String[]::new))
            .build();
    ActivityOptions.Builder options =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(inv.startToClose())
            .setRetryOptions(retry)
            .setCancellationType(
                inv.waitForCancellation()
                    ? ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
                    : ActivityCancellationType.TRY_CANCEL)
            .setSummary(inv.summary());
    if (inv.heartbeatTimeout() != null) {
      options.setHeartbeatTimeout(inv.heartbeatTimeout());
    }
    if (inv.taskQueue() != null) {
      options.setTaskQueue(inv.taskQueue());
    }
    try {
      // untyped stub: no proxy is built per call (options differ per step)
      return Workflow.newUntypedActivityStub(options.build())
          .execute(ActionActivities.EXECUTE, ActionResult.class, inv.request());
    } catch (ActivityFailure f) {
      throw actionFailure(f, inv);
    } catch (CanceledFailure c) {
      throw new Cancelled(inv.summary() + " cancelled");
    }
  }

  private RuntimeException actionFailure(ActivityFailure f, ActionInvocation inv) {
    Throwable cause = f.getCause();
    if (cause instanceof CanceledFailure) {
      return new Cancelled(inv.summary() + " cancelled");
    }
    if (cause instanceof ApplicationFailure af) {
      int attempt = inv.retry().maxAttempts();
      if (af.getDetails().getSize() > 0) {
        attempt = af.getDetails().get(0, Integer.class, Integer.class);
      }
      return new StepFailure(
          new StepError(af.getType(), af.getOriginalMessage(), null, null), attempt);
    }
    if (cause instanceof TimeoutFailure tf) {
      return new StepFailure(
          new StepError(
              FailureTypes.STEP_TIMEOUT,
              inv.request().action()
                  + " timed out ("
                  + tf.getTimeoutType()
                  + ", limit "
                  + inv.startToClose()
                  + " per attempt)",
              null,
              null),
          inv.retry().maxAttempts());
    }
    String message = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : f.getMessage();
    return new StepFailure(new StepError(FailureTypes.ACTION_FAILED, message, null, null), 0);
  }

  @Override
  public RunResult runChild(ChildInvocation inv) {
    ChildWorkflowOptions.Builder options =
        childOptions(inv.workflowId())
            .setStaticSummary(
                inv.input().playbook().key() + " v" + inv.input().playbook().version());
    if (inv.timeout() != null) {
      options.setWorkflowRunTimeout(inv.timeout());
    }
    return child(
        "child " + inv.input().runId(),
        () ->
            Workflow.newChildWorkflowStub(PlaybookRunWorkflow.class, options.build())
                .run(inv.input()),
        FailureTypes.CHILD_FAILED,
        // a failed run fails its workflow with its RunResult as details: report that result
        af ->
            af.getDetails().getSize() > 0
                ? af.getDetails().get(0, RunResult.class, RunResult.class)
                : null);
  }

  @Override
  public Pending<SliceResult> startSlice(SliceInput slice) {
    String id = slice.workflowId();
    // detached: the run asks the slice to stop (cancelSlice) and waits for what it did
    Promise<SliceResult>[] started = new Promise[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              ForEachSliceWorkflow stub =
                  Workflow.newChildWorkflowStub(
                      ForEachSliceWorkflow.class, childOptions(id).build());
              started[0] = Async.function(stub::run, slice);
            })
        .run();
    Promise<SliceResult> promise = started[0];
    return new Pending<>() {
      @Override
      public boolean isDone() {
        return promise.isCompleted();
      }

      @Override
      public SliceResult get() {
        return child("loop slice " + id, promise::get, FailureTypes.ACTION_FAILED, af -> null);
      }
    };
  }

  @Override
  public void cancelSlice(String sliceWorkflowId) {
    signal(
        "cancel of " + sliceWorkflowId,
        () ->
            Workflow.newExternalWorkflowStub(ForEachSliceWorkflow.class, sliceWorkflowId).cancel());
  }

  @Override
  public void openApproval(String runWorkflowId, ApprovalRequest request) {
    try {
      Workflow.newExternalWorkflowStub(PlaybookRunWorkflow.class, runWorkflowId)
          .openSliceApproval(request);
    } catch (CanceledFailure c) {
      throw new Cancelled("approval " + request.key() + " cancelled");
    } catch (SignalExternalWorkflowException e) {
      throw new StepFailure(
          FailureTypes.ACTION_FAILED,
          "could not hand approval " + request.key() + " to its run: " + e.getMessage());
    }
  }

  @Override
  public void sendApprovalOutcome(String sliceWorkflowId, ApprovalOutcome outcome) {
    signal(
        "outcome of " + outcome.key(),
        () ->
            Workflow.newExternalWorkflowStub(ForEachSliceWorkflow.class, sliceWorkflowId)
                .approvalDecided(outcome));
  }

  /** Signals a slice; one that has already ended (the signal finds no workflow) needs nothing. */
  private static void signal(String what, Runnable call) {
    try {
      call.run();
    } catch (SignalExternalWorkflowException e) {
      log.warn("{} not delivered: {}", what, e.getMessage());
    }
  }

  @Override
  public int version(String changeId, int maxSupported) {
    return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, maxSupported);
  }

  private static ChildWorkflowOptions.Builder childOptions(String workflowId) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED);
  }

  /**
   * Runs a child workflow: cancellation becomes {@link Cancelled}; a failure becomes the value
   * {@code fromFailure} makes of it, or a {@link StepFailure} of {@code failureType}.
   */
  private static <T> T child(
      String label,
      java.util.function.Supplier<T> call,
      String failureType,
      java.util.function.Function<ApplicationFailure, T> fromFailure) {
    try {
      return call.get();
    } catch (ChildWorkflowFailure f) {
      if (f.getCause() instanceof CanceledFailure) {
        throw new Cancelled(label + " cancelled");
      }
      if (f.getCause() instanceof ApplicationFailure af) {
        T value = fromFailure.apply(af);
        if (value != null) {
          return value;
        }
      }
      Throwable c = f.getCause();
      throw new StepFailure(
          failureType, label + " failed: " + (c == null ? f.getMessage() : c.getMessage()));
    } catch (CanceledFailure c) {
      throw new Cancelled(label + " cancelled");
    }
  }

  @Override
  public boolean escalate(EscalationNotice notice) {
    try {
      Workflow.newActivityStub(NotificationActivities.class, ESCALATION_OPTIONS).escalate(notice);
      return true;
    } catch (ActivityFailure f) {
      if (f.getCause() instanceof CanceledFailure) {
        throw new Cancelled("escalation cancelled");
      }
      log.warn(
          "escalation of run {} step {} failed: {}",
          notice.runId(),
          notice.stepId(),
          f.getCause() == null ? f.getMessage() : f.getCause().getMessage());
      return false;
    } catch (CanceledFailure c) {
      throw new Cancelled("escalation cancelled");
    }
  }

  @Override
  public void sleep(Duration duration) {
    try {
      Workflow.sleep(duration);
    } catch (CanceledFailure c) {
      throw new Cancelled("wait cancelled");
    }
  }

  @Override
  public boolean await(Duration timeout, BooleanSupplier condition) {
    CancellationScope scope = CancellationScope.current();
    try {
      if (timeout == null) {
        Workflow.await(() -> condition.getAsBoolean() || scope.isCancelRequested());
      } else if (!timeout.isZero()) {
        Workflow.await(timeout, () -> condition.getAsBoolean() || scope.isCancelRequested());
      }
    } catch (CanceledFailure c) {
      throw new Cancelled("cancelled while waiting");
    }
    if (condition.getAsBoolean()) {
      return true;
    }
    if (scope.isCancelRequested()) {
      throw new Cancelled("cancelled while waiting");
    }
    return false;
  }

  @Override
  public Branch fork(Runnable body) {
    CompletablePromise<Void> done = Workflow.newPromise();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () ->
                Async.procedure(
                    () -> {
                      try {
                        body.run();
                        done.complete(null);
                      } catch (CanceledFailure c) {
                        done.completeExceptionally(new Cancelled("branch cancelled"));
                      } catch (RuntimeException e) {
                        // StepFailure / Cancelled are the engine's; anything else is a bug that
                        // the engine rethrows so the workflow task fails visibly.
                        done.completeExceptionally(e);
                      }
                    }));
    scope.run();
    return new Branch() {
      @Override
      public boolean isDone() {
        return done.isCompleted();
      }

      @Override
      public void cancel() {
        scope.cancel();
      }

      @Override
      public RuntimeException failure() {
        return done.isCompleted() ? done.getFailure() : null;
      }
    };
  }

  @Override
  public void runDetached(Runnable body) {
    Workflow.newDetachedCancellationScope(body).run();
  }

  @Override
  public boolean externalCancelRequested() {
    return root.isCancelRequested();
  }

  @Override
  public void project(RunEvent event) {
    Workflow.newDetachedCancellationScope(
            () ->
                Workflow.newLocalActivityStub(RunProjectionActivities.class, PROJECTION_OPTIONS)
                    .apply(event))
        .run();
  }

  @Override
  public void log(String format, Object... args) {
    log.info(format, args);
  }
}
