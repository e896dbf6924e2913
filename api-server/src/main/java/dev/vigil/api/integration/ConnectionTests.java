package dev.vigil.api.integration;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.workflows.integration.ConnectionTestResult;
import dev.vigil.workflows.integration.ConnectionTestWorkflow;
import dev.vigil.workflows.integration.ConnectionTestWorkflowImpl;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/integrations/{name}/test}: the API holds no use for a connection's secrets,
 * so a worker tests it ({@link ConnectionTestWorkflow} on the {@code integrations} queue) and the
 * API waits for the answer. The test and its outcome are audited.
 */
@Service
public class ConnectionTests {

  /** How long the API waits for a worker: the test's own timeout and a little. */
  static final Duration WAIT = ConnectionTestWorkflowImpl.TIMEOUT.plusSeconds(10);

  private final ConnectionRepository repo;
  private final WorkflowClient temporal;
  private final Audit audit;

  ConnectionTests(ConnectionRepository repo, WorkflowClient temporal, Audit audit) {
    this.repo = repo;
    this.temporal = temporal;
    this.audit = audit;
  }

  public ConnectionTestResult test(Actor actor, String name) {
    if (repo.get(actor.tenant(), name).isEmpty()) {
      throw ApiException.notFound("no connection '" + name + "'");
    }
    ConnectionTestResult result =
        WorkerCalls.call(
            temporal,
            "ConnectionTestWorkflow",
            ConnectionTestWorkflow.id(actor.tenant(), name, UUID.randomUUID().toString()),
            ConnectionTestResult.class,
            WAIT,
            "the test of connection '" + name + "'",
            actor.tenant(),
            name);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ok", result.ok());
    details.put("message", result.message());
    details.put("latencyMs", result.latencyMs());
    audit.record(
        actor,
        "integration.test",
        "integration/" + name,
        result.ok() ? Audit.SUCCESS : Audit.FAILED,
        details);
    return result;
  }
}
