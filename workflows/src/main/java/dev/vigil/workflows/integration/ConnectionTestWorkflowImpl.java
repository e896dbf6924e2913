package dev.vigil.workflows.integration;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** One activity, one attempt: a connection test reports what it met. */
public class ConnectionTestWorkflowImpl implements ConnectionTestWorkflow {

  /** Longest a test may take: the connector's own timeouts and retries fit in it. */
  public static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final IntegrationActivities activities =
      Workflow.newActivityStub(
          IntegrationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(TIMEOUT)
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());

  @Override
  public ConnectionTestResult test(String tenant, String connection) {
    return activities.test(tenant, connection);
  }
}
