package dev.vigil.workflows.report;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Generates one report ({@code report/<tenant>/<reportId>}, queue {@code reports}): marks it
 * running, generates it into the file store (retried on transient failures), and records the
 * result; a report that cannot be built or keeps failing is marked failed with the reason. A
 * request with a delivery (a scheduled report) is then e-mailed, the file attached; an e-mail that
 * cannot be sent leaves the report succeeded with the delivery error on it.
 */
@WorkflowInterface
public interface ReportWorkflow {

  static String id(String tenant, String reportId) {
    return "report/" + tenant + "/" + reportId;
  }

  /**
   * How a report's workflow is started, by the API or by a schedule: its id, queue {@code reports},
   * one workflow per report whatever the retries, and {@code summary} for Temporal UI.
   */
  static io.temporal.client.WorkflowOptions options(
      String tenant, String reportId, String summary) {
    return io.temporal.client.WorkflowOptions.newBuilder()
        .setWorkflowId(id(tenant, reportId))
        .setTaskQueue(dev.vigil.workflows.system.TaskQueues.REPORTS)
        .setWorkflowIdReusePolicy(
            io.temporal.api.enums.v1.WorkflowIdReusePolicy
                .WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary(summary)
        .build();
  }

  /** The generated report, or null when it failed (its row says why). */
  @WorkflowMethod
  ReportResult run(ReportRequest request);
}
