package dev.vigil.api.integration;

import dev.vigil.api.system.ApiException;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks a worker to do something with a connection and waits for the answer: a short workflow on the
 * {@code integrations} queue (the API never opens secrets). The one way the API does it.
 */
public final class WorkerCalls {

  private WorkerCalls() {}

  /**
   * Starts workflow {@code type} with {@code args} under {@code workflowId} and returns its result.
   *
   * @throws ApiException 503 when no worker answered in time, 502 with the reason when the work
   *     failed
   */
  public static <R> R call(
      WorkflowClient temporal,
      String type,
      String workflowId,
      Class<R> result,
      Duration wait,
      String what,
      Object... args) {
    WorkflowStub stub =
        temporal.newUntypedWorkflowStub(
            type,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .setWorkflowExecutionTimeout(wait)
                .build());
    try {
      stub.start(args);
      return stub.getResultAsync(result).get(wait.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw ApiException.unavailable(
          "no worker answered "
              + what
              + " within "
              + wait.toSeconds()
              + " s: is a worker polling the integrations task queue?");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for " + what);
    } catch (ExecutionException | io.temporal.client.WorkflowException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ApplicationFailure af) {
          throw ApiException.badGateway(what + " failed: " + af.getOriginalMessage());
        }
      }
      throw ApiException.unavailable(what + " did not complete: " + root(e).getMessage());
    }
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
