package dev.vigil.workflows.notify;

import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts {@link NotifyWorkflow}s: once per notification key. */
public final class Notifications {

  private Notifications() {}

  /** Sends {@code n} unless a notification of its key was sent already; true when started. */
  public static boolean send(WorkflowClient client, Notification n) {
    NotifyWorkflow wf =
        client.newWorkflowStub(
            NotifyWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(NotifyWorkflow.id(n.tenant(), n.key()))
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(wf::run, n);
      return true;
    } catch (WorkflowExecutionAlreadyStarted sent) {
      return false;
    }
  }
}
