package dev.vigil.workflows.scan;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Waits for a slot, runs nmap, publishes the findings, records the end. */
public class ScanWorkflowImpl implements ScanWorkflow {

  /** How long nmap may run at most (a full TCP scan of a /16 is long). */
  static final Duration NMAP_TIMEOUT = Duration.ofHours(12);

  /** A worker that stops heartbeating for this long is taken as lost: the scan runs again. */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait between two claims of a slot while the tenant's slots are all taken. */
  static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(30);

  private final ScanActivities quick =
      Workflow.newActivityStub(
          ScanActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  private final ScanActivities nmap =
      Workflow.newActivityStub(
          ScanActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(NMAP_TIMEOUT)
              .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
              .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumAttempts(3)
                      .setDoNotRetry("ScanRefused", "NmapMissing", "NmapFailed")
                      .build())
              .build());

  @Override
  public ScanResult run(ScanRequest r) {
    try {
      Duration wait = Duration.ofSeconds(2);
      while (!quick.claim(r.tenant(), r.scanId())) {
        Workflow.sleep(wait);
        wait =
            wait.multipliedBy(2).compareTo(MAX_QUEUE_WAIT) > 0
                ? MAX_QUEUE_WAIT
                : wait.multipliedBy(2);
      }
      ScanSummary summary = nmap.nmap(r);
      int events = quick.publish(r.tenant(), r.scanId());
      quick.finish(r.tenant(), r.scanId(), "succeeded", summary, null);
      return new ScanResult("succeeded", summary, events, null);
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(
              () -> quick.finish(r.tenant(), r.scanId(), "cancelled", null, "cancelled"))
          .run();
      throw cancelled;
    } catch (ActivityFailure failed) {
      if (failed.getCause() instanceof CanceledFailure cancelled) {
        Workflow.newDetachedCancellationScope(
                () -> quick.finish(r.tenant(), r.scanId(), "cancelled", null, "cancelled"))
            .run();
        throw cancelled;
      }
      String why = reason(failed);
      quick.finish(r.tenant(), r.scanId(), "failed", null, why);
      return new ScanResult("failed", null, 0, why);
    }
  }

  private static String reason(ActivityFailure f) {
    Throwable cause = f.getCause() == null ? f : f.getCause();
    if (cause instanceof ApplicationFailure a) {
      return a.getOriginalMessage();
    }
    return cause.getMessage();
  }
}
