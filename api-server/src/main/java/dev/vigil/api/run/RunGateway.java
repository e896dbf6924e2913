package dev.vigil.api.run;

import com.google.protobuf.ByteString;
import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.system.TaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every call the API makes to Temporal about runs: start, existence, the live state query, the
 * decide update, the cancel signal and the event history. A start says whether the workflow exists
 * afterwards — also when the start call failed, for Temporal may have accepted a start whose answer
 * was lost (a timeout after acceptance). A run that exists must never be fenced as failed: it would
 * act while the store refuses its record.
 */
@Component
class RunGateway {

  private static final Logger log = LoggerFactory.getLogger(RunGateway.class);

  /** What became of a start. */
  enum Outcome {
    /** The workflow exists. */
    STARTED,
    /** Temporal says the workflow does not exist: safe to record the run as failed. */
    NOT_STARTED,
    /** Temporal did not answer: the workflow may or may not exist. */
    UNKNOWN
  }

  /** Whether Temporal knows a workflow. */
  enum Existence {
    EXISTS,
    ABSENT,
    UNKNOWN
  }

  private final WorkflowClient temporal;

  /**
   * Threads for live state queries, which block until the run's worker answers: bounded by the
   * caller's timeout, and kept off the shared common pool (one thread on a two-core machine) so
   * slow runs cannot hold up reads of other runs.
   */
  private final ExecutorService liveQueries =
      Executors.newFixedThreadPool(
          16,
          r -> {
            Thread t = new Thread(r, "vigil-live-query");
            t.setDaemon(true);
            return t;
          });

  RunGateway(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  String namespace() {
    return temporal.getOptions().getNamespace();
  }

  /** The run's live state, within {@code timeoutMs}; throws when the worker does not answer. */
  RunState state(String workflowId, long timeoutMs) throws Exception {
    return CompletableFuture.supplyAsync(() -> stub(workflowId).state(), liveQueries)
        .get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** The decide update (its validator's refusal is a {@code WorkflowUpdateException}). */
  StepState decide(String workflowId, ApprovalDecision decision) {
    return stub(workflowId).decide(decision);
  }

  /** The cancel signal; {@code WorkflowNotFoundException} when Temporal does not know the run. */
  void cancel(String workflowId, CancelRequest request) {
    stub(workflowId).cancel(request);
  }

  /** One page of the workflow's event history. */
  GetWorkflowExecutionHistoryResponse history(String workflowId, int pageSize, ByteString token) {
    return temporal
        .getWorkflowServiceStubs()
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .setMaximumPageSize(pageSize)
                .setNextPageToken(token)
                .build());
  }

  private PlaybookRunWorkflow stub(String workflowId) {
    return temporal.newWorkflowStub(PlaybookRunWorkflow.class, workflowId);
  }

  /**
   * Starts the workflow; when that fails, asks Temporal whether it exists, and when it does not,
   * tries once more (an "already started" answer means it exists).
   */
  Outcome start(String workflowId, StartRunInput input) {
    if (tryStart(workflowId, input, "start")) {
      return Outcome.STARTED;
    }
    switch (exists(workflowId)) {
      case EXISTS -> {
        return Outcome.STARTED;
      }
      case UNKNOWN -> {
        return Outcome.UNKNOWN;
      }
      case ABSENT -> {
        // retried below
      }
    }
    if (tryStart(workflowId, input, "second start")) {
      return Outcome.STARTED;
    }
    return switch (exists(workflowId)) {
      case EXISTS -> Outcome.STARTED;
      case ABSENT -> Outcome.NOT_STARTED;
      case UNKNOWN -> Outcome.UNKNOWN;
    };
  }

  /** True when the workflow was started now or before ("already started" means it exists). */
  private boolean tryStart(String workflowId, StartRunInput input, String what) {
    try {
      startOnce(workflowId, input);
      return true;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "{} of {} failed ({}); asking Temporal whether it exists",
          what,
          workflowId,
          e.toString());
      return false;
    }
  }

  private void startOnce(String workflowId, StartRunInput input) {
    PlaybookRunWorkflow stub =
        temporal.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.PLAYBOOK_RUNS)
                // a run id is used once: a retried start must never begin a second execution
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
    WorkflowClient.start(stub::run, input);
  }

  /** Whether Temporal knows {@code workflowId}: UNKNOWN when it does not answer. */
  Existence exists(String workflowId) {
    try {
      temporal
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(temporal.getOptions().getNamespace())
                  .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                  .build());
      return Existence.EXISTS;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Existence.ABSENT;
      }
      log.warn("cannot tell whether {} exists: {}", workflowId, e.getStatus());
      return Existence.UNKNOWN;
    }
  }
}
