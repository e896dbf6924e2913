package dev.vigil.workflows.integration;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Tests one connection on a worker, which alone holds the key to its secrets. Workflow id {@code
 * conntest/{tenant}/{connection}/{uuid}}, task queue {@code integrations}; the API waits for its
 * result. Its history carries the tenant, the connection's name and the result — no secret.
 */
@WorkflowInterface
public interface ConnectionTestWorkflow {

  /** The workflow id of one test. */
  static String id(String tenant, String connection, String uuid) {
    return "conntest/" + tenant + "/" + connection + "/" + uuid;
  }

  @WorkflowMethod
  ConnectionTestResult test(String tenant, String connection);
}
