package dev.vigil.workflows.integration;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * A live read through a connection on a worker (the API never opens secrets): one read action, one
 * attempt. Workflow id {@code read/{tenant}/{connection}/{uuid}}, task queue {@code integrations};
 * the API waits for its result, which its history keeps (the service's data, never a secret).
 */
@WorkflowInterface
public interface ConnectionReadWorkflow {

  static String id(String tenant, String connection, String uuid) {
    return "read/" + tenant + "/" + connection + "/" + uuid;
  }

  @WorkflowMethod
  Object read(String tenant, String action, Map<String, Object> with);
}
