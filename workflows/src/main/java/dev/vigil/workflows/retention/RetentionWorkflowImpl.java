package dev.vigil.workflows.retention;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/** See {@link RetentionWorkflow}. */
public class RetentionWorkflowImpl implements RetentionWorkflow {

  private static final Logger log = Workflow.getLogger(RetentionWorkflowImpl.class);

  /**
   * Deleting a large backlog can take a while, so the run is bounded by its heartbeat (one per
   * chunk) rather than a short start-to-close timeout. Six attempts over about half an hour ride
   * out a database restart; a fault that outlasts them waits for the next day.
   */
  static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofHours(6))
          .setHeartbeatTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMinutes(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(10))
                  .setMaximumAttempts(6)
                  .build())
          .build();

  private final RetentionActivities activities =
      Workflow.newActivityStub(RetentionActivities.class, OPTIONS);

  private final ReportRetentionActivities reports =
      Workflow.newActivityStub(ReportRetentionActivities.class, OPTIONS);

  /** The change that added report retention after event retention (older histories lack it). */
  static final String REPORT_RETENTION = "report-retention";

  @Override
  public void run(RetentionInput input) {
    Workflow.sleep(input.delay());
    try {
      RetentionResult r = activities.apply(new RetentionRequest(input.chunkRows()));
      log.info(
          "event retention: {} events deleted across {} tenants, {} partitions dropped",
          r.eventsDeleted(),
          r.tenants().size(),
          r.partitionsDropped().size());
    } catch (ActivityFailure e) {
      // A failed run must not end the loop: the next interval tries again.
      log.warn("event retention failed after its retries; next run in {}", input.interval(), e);
    }
    if (Workflow.getVersion(REPORT_RETENTION, Workflow.DEFAULT_VERSION, 1) >= 1) {
      try {
        ReportRetentionResult r = reports.apply(new RetentionRequest(input.chunkRows()));
        log.info(
            "report retention: {} reports expired across {} tenants",
            r.reportsExpired(),
            r.tenants().size());
      } catch (ActivityFailure e) {
        // independent of event retention: either failing leaves the other to run
        log.warn("report retention failed after its retries; next run in {}", input.interval(), e);
      }
    }
    // One run per execution keeps every history a few events long.
    Workflow.continueAsNew(input.next());
  }
}
