package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.projection.RunEvent;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the interpreter needs from its runtime. The Temporal implementation maps each call to the
 * SDK (activities, timers, {@code Workflow.await}, cancellation scopes, child workflows); tests use
 * a plain-Java implementation. Blocking calls throw {@link Cancelled} when the branch they run in
 * is cancelled.
 */
public interface RunHost {

  /** Current time in epoch millis (deterministic under Temporal). */
  long now();

  /** Runs an action; throws {@link StepFailure} when it finally fails. */
  ActionResult executeAction(ActionInvocation invocation);

  /** Runs a child playbook and returns its result; throws {@link StepFailure} when it fails. */
  RunResult runChild(ChildInvocation invocation);

  /**
   * Starts a slice of a large loop as a child workflow. The child is not cancelled with the calling
   * branch: the engine asks it to stop ({@link #cancelSlice}) and waits for its result, which
   * carries what the slice did (compensations, step states, variables).
   */
  Pending<SliceResult> startSlice(SliceInput slice);

  /** Asks a running slice to cancel its iterations and return. */
  void cancelSlice(String sliceWorkflowId);

  /** Hands an approval opened in a slice to the run workflow that owns the run's approvals. */
  void openApproval(String runWorkflowId, dev.vigil.workflows.playbook.ApprovalRequest request);

  /** Tells a slice how an approval it handed over ended. */
  void sendApprovalOutcome(
      String sliceWorkflowId, dev.vigil.workflows.playbook.ApprovalOutcome outcome);

  /**
   * Notifies about an open approval; failures are reported, never thrown.
   *
   * @return whether the notice was delivered
   */
  boolean escalate(EscalationNotice notice);

  /**
   * The version of a behaviour change for this run: {@code maxSupported} for new runs, a lower one
   * (down to {@link #LEGACY}) for runs that started on older code (Temporal's {@code
   * Workflow.getVersion}).
   */
  int version(String changeId, int maxSupported);

  /** The version of runs started before a change existed. */
  int LEGACY = -1;

  /** Sleeps. */
  void sleep(Duration duration);

  /**
   * Blocks until {@code condition} holds or {@code timeout} (null = no limit) elapses.
   *
   * @return the condition's value when it returned
   */
  boolean await(Duration timeout, BooleanSupplier condition);

  /** Starts {@code body} concurrently in its own cancellable branch. */
  Branch fork(Runnable body);

  /** Runs {@code body} in a scope that is not cancelled with the current one (compensation). */
  void runDetached(Runnable body);

  /** True when the run itself was cancelled from outside (not by the cancel signal). */
  boolean externalCancelRequested();

  /**
   * Records a run transition in the system of record, in order. Never cancelled with the branch
   * that calls it (a cancelled run must still record how it ended).
   */
  void project(RunEvent event);

  /** Logs an informational line about the run. */
  void log(String format, Object... args);

  /** A result that arrives later. */
  interface Pending<T> {
    boolean isDone();

    /** The value; throws what the computation threw. Only when {@link #isDone()}. */
    T get();
  }

  /** A concurrently running branch. */
  interface Branch {
    boolean isDone();

    /** Requests cancellation; blocking calls inside the branch throw {@link Cancelled}. */
    void cancel();

    /** What the branch threw ({@link StepFailure} or {@link Cancelled}), or null on success. */
    RuntimeException failure();
  }
}
