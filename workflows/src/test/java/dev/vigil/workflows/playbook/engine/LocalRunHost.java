package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.EscalationNotice;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.projection.RunEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A plain-Java {@link RunHost} for unit tests of the engine without Temporal. Like Temporal's
 * workflow threads, engine code runs one thread at a time (under {@link #lock}); blocking calls
 * release it. Actions run outside the lock through {@link #actions}, so tests can observe real
 * concurrency.
 */
final class LocalRunHost implements RunHost {

  final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ThreadLocal<LocalBranch> current = new ThreadLocal<>();
  private final Function<ActionInvocation, Object> actions;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<EscalationNotice> escalations = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  LocalRunHost(Function<ActionInvocation, Object> actions) {
    this.actions = actions;
  }

  /** Runs {@code body} as the engine's main thread and returns its value. */
  <T> T call(java.util.function.Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      changed.signalAll();
      lock.unlock();
    }
  }

  @Override
  public long now() {
    return System.currentTimeMillis();
  }

  @Override
  public ActionResult executeAction(ActionInvocation inv) {
    checkCancelled();
    calls.add(inv.request().stepId() + ":" + inv.request().action());
    int n = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(n, Math::max);
    lock.unlock();
    Object out;
    try {
      out = actions.apply(inv);
    } finally {
      inFlight.decrementAndGet();
      lock.lock();
      changed.signalAll();
    }
    checkCancelled();
    return new ActionResult(out, 1);
  }

  /** Engines by workflow id, so slices and runs can signal each other as under Temporal. */
  final java.util.Map<String, RunEngine> engines = new java.util.concurrent.ConcurrentHashMap<>();

  /** What {@link #version} answers: the newest behaviour unless a test asks for a legacy run. */
  volatile int version = Integer.MAX_VALUE;

  void register(String workflowId, RunEngine engine) {
    engines.put(workflowId, engine);
  }

  @Override
  public RunResult runChild(ChildInvocation inv) {
    RunEngine child = new RunEngine(this, inv.input());
    register(inv.workflowId(), child);
    return child.run();
  }

  @Override
  public Pending<SliceResult> startSlice(SliceInput in) {
    RunEngine slice = RunEngine.forSlice(this, in);
    register(in.workflowId(), slice);
    SliceResult[] out = new SliceResult[1];
    LocalBranch b = start(new LocalBranch(null), () -> out[0] = slice.runSlice(in));
    return new Pending<>() {
      @Override
      public boolean isDone() {
        return b.done;
      }

      @Override
      public SliceResult get() {
        if (b.failure != null) {
          throw b.failure;
        }
        return out[0];
      }
    };
  }

  @Override
  public void cancelSlice(String sliceWorkflowId) {
    engines.get(sliceWorkflowId).cancelSlice();
    changed.signalAll();
  }

  @Override
  public void openApproval(
      String runWorkflowId, dev.vigil.workflows.playbook.ApprovalRequest request) {
    engines.get(runWorkflowId).approvalFromSlice(request);
    changed.signalAll();
  }

  @Override
  public void sendApprovalOutcome(
      String sliceWorkflowId, dev.vigil.workflows.playbook.ApprovalOutcome outcome) {
    engines.get(sliceWorkflowId).approvalOutcome(outcome);
    changed.signalAll();
  }

  @Override
  public int version(String changeId, int maxSupported) {
    return Math.min(version, maxSupported);
  }

  /** Whether escalations are delivered (a test can make the channel fail). */
  volatile boolean deliverEscalations = true;

  @Override
  public boolean escalate(EscalationNotice notice) {
    if (!deliverEscalations) {
      return false;
    }
    escalations.add(notice);
    return true;
  }

  @Override
  public void sleep(Duration duration) {
    await(duration, () -> false);
  }

  @Override
  public boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      checkCancelled();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        changed.awaitNanos(Math.min(left, 50_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancelled("interrupted");
      }
    }
    return true;
  }

  private void checkCancelled() {
    LocalBranch b = current.get();
    if (b != null && b.cancelRequested()) {
      throw new Cancelled("branch cancelled");
    }
  }

  @Override
  public Branch fork(Runnable body) {
    return start(new LocalBranch(current.get()), body);
  }

  private LocalBranch start(LocalBranch branch, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              lock.lock();
              current.set(branch);
              try {
                body.run();
              } catch (RuntimeException e) {
                branch.failure = e;
              } finally {
                branch.done = true;
                changed.signalAll();
                lock.unlock();
              }
            });
    t.setDaemon(true);
    t.start();
    return branch;
  }

  @Override
  public void runDetached(Runnable body) {
    LocalBranch saved = current.get();
    current.set(null);
    try {
      body.run();
    } finally {
      current.set(saved);
    }
  }

  @Override
  public boolean externalCancelRequested() {
    return false;
  }

  final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void project(RunEvent event) {
    events.add(event);
  }

  @Override
  public void log(String format, Object... args) {}

  private final class LocalBranch implements Branch {
    private final LocalBranch parent;
    volatile boolean done;
    volatile boolean cancelled;
    volatile RuntimeException failure;

    LocalBranch(LocalBranch parent) {
      this.parent = parent;
    }

    boolean cancelRequested() {
      return cancelled || parent != null && parent.cancelRequested();
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public void cancel() {
      cancelled = true;
      changed.signalAll();
    }

    @Override
    public RuntimeException failure() {
      return failure;
    }
  }
}
