package dev.vigil.api.integration;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.workflows.integration.ConnectionTestResult;
import dev.vigil.workflows.integration.ConnectionTestWorkflow;
import dev.vigil.workflows.integration.ConnectionTestWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    String id = ConnectionTestWorkflow.id(actor.tenant(), name, UUID.randomUUID().toString());
    ConnectionTestWorkflow wf =
        temporal.newWorkflowStub(
            ConnectionTestWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .setWorkflowExecutionTimeout(WAIT)
                .build());
    ConnectionTestResult result;
    try {
      WorkflowClient.start(wf::test, actor.tenant(), name);
      result =
          WorkflowStub.fromTyped(wf)
              .getResultAsync(ConnectionTestResult.class)
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw ApiException.unavailable(
          "no worker tested connection '"
              + name
              + "' within "
              + WAIT.toSeconds()
              + " s: is a worker polling the integrations task queue?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while testing connection '" + name + "'");
    } catch (java.util.concurrent.ExecutionException | io.temporal.client.WorkflowException e) {
      throw ApiException.unavailable(
          "the test of connection '" + name + "' did not complete: " + rootMessage(e));
    }
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

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
