package dev.vigil.workflows.notify;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;

/** See {@link ApprovalDigestWorkflow}. */
public class ApprovalDigestWorkflowImpl implements ApprovalDigestWorkflow {

  private static final Logger log = Workflow.getLogger(ApprovalDigestWorkflowImpl.class);

  private final DigestActivities digests =
      Workflow.newActivityStub(
          DigestActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMinutes(1))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .setMaximumAttempts(6)
                      .build())
              .build());

  @Override
  public void run(int hourUtc) {
    ZonedDateTime now = Instant.ofEpochMilli(Workflow.currentTimeMillis()).atZone(ZoneOffset.UTC);
    ZonedDateTime next = now.withHour(hourUtc).withMinute(0).withSecond(0).withNano(0);
    if (!next.isAfter(now)) {
      next = next.plusDays(1);
    }
    Workflow.sleep(Duration.between(now, next));
    try {
      int sent = digests.send(next.toLocalDate().toString());
      log.info("approval digests for {}: {} tenant(s)", next.toLocalDate(), sent);
    } catch (ActivityFailure e) {
      log.warn(
          "approval digests of {} failed after their retries; next tomorrow",
          next.toLocalDate(),
          e);
    }
    Workflow.continueAsNew(hourUtc);
  }
}
