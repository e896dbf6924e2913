package dev.vigil.bench;

import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

public class BaselineWorkflowImpl implements BaselineWorkflow {

  private final ActionActivities actions =
      Workflow.newActivityStub(
          ActionActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  @Override
  public int run(int steps) {
    String id = Workflow.getInfo().getWorkflowId();
    for (int i = 0; i < steps; i++) {
      actions.execute(
          new ActionRequest("default", id, "s" + i, "core.echo", Map.of("i", (long) i)));
    }
    return steps;
  }
}
