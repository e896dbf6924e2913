package dev.vigil.workflows.incident;

import dev.vigil.workflows.playbook.ApprovalDecision;
import dev.vigil.workflows.playbook.ApprovalRequest;
import dev.vigil.workflows.playbook.CancelRequest;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunState;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.playbook.StepState;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A playbook run that records its input and waits a day: what the incident starts, observed. */
public class FakeRunWorkflow implements PlaybookRunWorkflow {

  static final List<StartRunInput> started = new CopyOnWriteArrayList<>();

  @Override
  public RunResult run(StartRunInput input) {
    if (!Workflow.isReplaying()) {
      started.add(input);
    }
    Workflow.sleep(Duration.ofDays(1));
    return null;
  }

  @Override
  public RunState state() {
    return null;
  }

  @Override
  public StepState decide(ApprovalDecision decision) {
    return null;
  }

  @Override
  public void validateDecide(ApprovalDecision decision) {}

  @Override
  public void cancel(CancelRequest request) {}

  @Override
  public void openSliceApproval(ApprovalRequest request) {}
}
