package dev.vigil.workflows.notify;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** See {@link NotifyWorkflow}. */
public class NotifyWorkflowImpl implements NotifyWorkflow {

  /** Attempts of one delivery: 10 s doubling to 10 min, about an hour and a half in all. */
  static final int ATTEMPTS = 12;

  private final NotifyActivities quick =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
              .build());

  private final NotifyActivities delivery =
      Workflow.newActivityStub(
          NotifyActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setMaximumAttempts(ATTEMPTS)
                      .setInitialInterval(Duration.ofSeconds(10))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(10))
                      // a channel that is missing or refuses the credentials does not heal by
                      // retrying
                      .setDoNotRetry(
                          "ConnectionNotFound",
                          "ConnectionUnusable",
                          "ChannelRefused",
                          "RouteNotFound")
                      .build())
              .build());

  @Override
  public void run(Notification n) {
    if (Notification.APPROVAL_DECIDED.equals(n.event())) {
      delivery.approvalDecided(n);
      return;
    }
    List<String> routes = quick.routes(n);
    List<Promise<Void>> sends = new ArrayList<>();
    for (String route : routes) {
      sends.add(
          Async.procedure(
              () -> {
                try {
                  delivery.deliver(n, route);
                } catch (ActivityFailure failure) {
                  quick.failed(n, route, reason(failure));
                }
              }));
    }
    Promise.allOf(sends).get();
  }

  private static String reason(Throwable f) {
    Throwable cause = f instanceof ActivityFailure && f.getCause() != null ? f.getCause() : f;
    return cause.getMessage();
  }
}
