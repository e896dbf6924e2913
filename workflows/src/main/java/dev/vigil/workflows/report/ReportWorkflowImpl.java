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

  /** An e-mail is one SMTP conversation; a server down for a while is tried for about an hour. */
  private final ReportActivities mailer =
      Workflow.newActivityStub(
          ReportActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .setMaximumAttempts(10)
                      .setDoNotRetry("ReportNotDelivered")
                      .build())
              .build());

  @Override
  public ReportResult run(ReportRequest request) {
    book.start(request.tenant(), request.reportId());
    ReportResult result;
    try {
      result = generator.generate(request);
    } catch (ActivityFailure f) {
      book.fail(request.tenant(), request.reportId(), why(f));
      return null;
    }
    if (request.delivery() != null) {
      try {
        mailer.deliver(request, result);
      } catch (ActivityFailure f) {
        // the report stands in the file store; only the e-mail failed
        book.undelivered(request.tenant(), request.reportId(), why(f));
      }
    }
    return result;
  }

  private static String why(ActivityFailure f) {
    String why =
        f.getCause() instanceof ApplicationFailure a ? a.getOriginalMessage() : f.getMessage();
    if (why == null || why.isBlank()) {
      // an error without a message (a bug rather than a bad request): say what kind it was
      why =
          "it failed ("
              + (f.getCause() instanceof ApplicationFailure a ? a.getType() : "activity failed")
              + ")";
    }
    return why;
  }
}
