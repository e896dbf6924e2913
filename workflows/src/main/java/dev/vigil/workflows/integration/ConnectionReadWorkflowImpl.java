package dev.vigil.workflows.integration;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.util.Map;

/** One read activity, one attempt: the person waiting sees what it met. */
public class ConnectionReadWorkflowImpl implements ConnectionReadWorkflow {

  private final IntegrationActivities activities =
      Workflow.newActivityStub(
          IntegrationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(ConnectionTestWorkflowImpl.TIMEOUT)
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
              .build());

  @Override
  public Object read(String tenant, String action, Map<String, Object> with) {
    return activities.read(tenant, action, with);
  }
}
