package dev.vigil.api.incident;

import dev.vigil.workflows.incident.IncidentWorkflow;
import dev.vigil.workflows.incident.OpenIncident;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Component;

/** Every call the API makes to Temporal about incidents: open one, and a stub for updates. */
@Component
class IncidentGateway {

  private final WorkflowClient temporal;

  IncidentGateway(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  /** Starts the workflow of an incident opened by hand. */
  void open(OpenIncident input) {
    IncidentWorkflow stub =
        temporal.newWorkflowStub(
            IncidentWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(OpenIncident.workflowId(input.tenant(), input.incidentId()))
                .setTaskQueue(TaskQueues.INCIDENTS)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setStaticSummary(input.title())
                .build());
    WorkflowClient.start(stub::run, input);
  }

  /** The incident's workflow, for its updates (refusals are {@code WorkflowUpdateException}s). */
  IncidentWorkflow incident(String tenant, String incidentId) {
    return temporal.newWorkflowStub(
        IncidentWorkflow.class, OpenIncident.workflowId(tenant, incidentId));
  }
}
