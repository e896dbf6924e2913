package dev.vigil.workflows.sync;

import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

/**
 * Starting and signalling a connection's {@link WazuhSyncWorkflow} from outside it (the API when a
 * connection is added or removed, the worker at start-up): one way, so every caller uses the same
 * id, queue and reuse policy.
 */
public final class WazuhSyncs {

  private WazuhSyncs() {}

  /**
   * Starts the sync of a connection unless it runs; true when this call started it. A closed one
   * (stopped, or lost by an in-memory Temporal) starts anew, from the cursor the store keeps.
   */
  public static boolean start(WorkflowClient client, String tenant, String connection) {
    return start(client, tenant, connection, false);
  }

  /** {@link #start}, paused when {@code paused} (a sync paused before a restart stays paused). */
  public static boolean start(
      WorkflowClient client, String tenant, String connection, boolean paused) {
    WazuhSyncWorkflow wf =
        client.newWorkflowStub(
            WazuhSyncWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WazuhSyncWorkflow.id(tenant, connection))
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WazuhSyncState s = WazuhSyncState.start(tenant, connection);
      WorkflowClient.start(
          wf::run,
          new WazuhSyncState(
              tenant,
              connection,
              s.agentsEvery(),
              s.scaEvery(),
              s.alertsEvery(),
              paused,
              s.next(),
              s.failures()));
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  /** Sends {@code signal} (pause, resume, syncNow, stop) to the running sync. */
  public static void signal(
      WorkflowClient client, String tenant, String connection, String signal) {
    WorkflowStub stub = client.newUntypedWorkflowStub(WazuhSyncWorkflow.id(tenant, connection));
    stub.signal(signal);
  }

  /** The running sync's own status. */
  public static WazuhSyncStatus status(WorkflowClient client, String tenant, String connection) {
    return client
        .newWorkflowStub(WazuhSyncWorkflow.class, WazuhSyncWorkflow.id(tenant, connection))
        .status();
  }
}
