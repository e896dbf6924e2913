package dev.vigil.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.retention.RetentionInput;
import dev.vigil.workflows.retention.RetentionWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every worker starts retention at start-up; only the first start creates a workflow. */
class RetentionStartTest {

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aSecondWorkerOrARestartFindsTheRunningWorkflow() {
    WorkflowClient client = env.getWorkflowClient();
    RetentionInput input = RetentionInput.DAILY;
    assertThat(InstallationWorkflows.startRetention(client, input)).isTrue();
    assertThat(InstallationWorkflows.startRetention(client, input)).isFalse();
    assertThat(InstallationWorkflows.startRetention(client, input)).isFalse();
    var history = client.fetchHistory(RetentionWorkflow.WORKFLOW_ID).getEvents();
    assertThat(history.get(0).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
    assertThat(history.get(0).getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName())
        .isEqualTo("maintenance");

    // terminated by an operator: the next start-up starts it again
    client.newUntypedWorkflowStub(RetentionWorkflow.WORKFLOW_ID).terminate("test");
    assertThat(InstallationWorkflows.startRetention(client, input)).isTrue();
    assertThat(
            WorkflowStub.fromTyped(
                    client.newWorkflowStub(RetentionWorkflow.class, RetentionWorkflow.WORKFLOW_ID))
                .getExecution()
                .getWorkflowId())
        .isEqualTo(RetentionWorkflow.WORKFLOW_ID);
    assertThat(Duration.ofDays(1)).isEqualTo(input.interval());
  }
}
