package dev.vigil.workflows.report;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** See {@link ReportWorkflow}. */
public class ReportWorkflowImpl implements ReportWorkflow {

  /** A report is built in one activity; a large month of incidents takes seconds, not minutes. */
  static final Duration GENERATE_TIMEOUT = Duration.ofMinutes(10);

  private final ReportActivities book =
      Workflow.newActivityStub(
          ReportActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  private final ReportActivities generator =
      Workflow.newActivityStub(
          ReportActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(GENERATE_TIMEOUT)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(2))
                      .setMaximumAttempts(3)
                      .setDoNotRetry("ReportNotBuildable")
                      .build())
              .build());

  @Override
  public ReportResult run(ReportRequest request) {
    book.start(request.tenant(), request.reportId());
    try {
      return generator.generate(request);
    } catch (ActivityFailure f) {
      String why =
          f.getCause() instanceof ApplicationFailure a ? a.getOriginalMessage() : f.getMessage();
      if (why == null || why.isBlank()) {
        // an error without a message (a bug rather than a bad request): say what kind it was
        why =
            "the report could not be built ("
                + (f.getCause() instanceof ApplicationFailure a ? a.getType() : "activity failed")
                + ")";
      }
      book.fail(request.tenant(), request.reportId(), why);
      return null;
    }
  }
}
