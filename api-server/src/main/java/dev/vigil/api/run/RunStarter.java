package dev.vigil.api.run;

import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.TaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a run's workflow and says whether it exists afterwards — also when the start call failed,
 * for Temporal may have accepted a start whose answer was lost (a timeout after acceptance). A run
 * that exists must never be fenced as failed: it would act while the store refuses its record.
 */
final class RunStarter {

  private static final Logger log = LoggerFactory.getLogger(RunStarter.class);

  /** What became of a start. */
  enum Outcome {
    /** The workflow exists. */
    STARTED,
    /** Temporal says the workflow does not exist: safe to record the run as failed. */
    NOT_STARTED,
    /** Temporal did not answer: the workflow may or may not exist. */
    UNKNOWN
  }

  private enum Existence {
    EXISTS,
    ABSENT,
    UNKNOWN
  }

  private final WorkflowClient temporal;

  RunStarter(WorkflowClient temporal) {
    this.temporal = temporal;
  }

  /**
   * Starts the workflow; when that fails, asks Temporal whether it exists, and when it does not,
   * tries once more (an "already started" answer means it exists).
   */
  Outcome start(String workflowId, StartRunInput input) {
    try {
      startOnce(workflowId, input);
      return Outcome.STARTED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return Outcome.STARTED;
    } catch (RuntimeException e) {
      log.warn(
          "start of {} failed ({}); asking Temporal whether it exists", workflowId, e.toString());
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
    try {
      startOnce(workflowId, input);
      return Outcome.STARTED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return Outcome.STARTED;
    } catch (RuntimeException e) {
      log.warn("second start of {} failed ({})", workflowId, e.toString());
    }
    return switch (exists(workflowId)) {
      case EXISTS -> Outcome.STARTED;
      case ABSENT -> Outcome.NOT_STARTED;
      case UNKNOWN -> Outcome.UNKNOWN;
    };
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

  private Existence exists(String workflowId) {
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
