package dev.vigil.workflows.playbook;

import java.util.List;

/**
 * An approval that opened inside a loop slice, handed to the run workflow that owns the run's
 * approvals (signal {@link PlaybookRunWorkflow#openSliceApproval}). The run waits for the decision
 * with the same rules as its own approvals and answers the slice with an {@link ApprovalOutcome}.
 *
 * @param key approval key (the step id, plus the iteration path inside loops: {@code each.3.ok})
 * @param stepId the approval step
 * @param prompt the prompt, resolved in the iteration
 * @param escalationMessages each escalation's message, resolved in the iteration, in the order the
 *     definition lists them (null entries: the default message)
 * @param replyTo workflow id of the slice waiting for the outcome
 */
public record ApprovalRequest(
    String key, String stepId, String prompt, List<String> escalationMessages, String replyTo) {

  public ApprovalRequest {
    escalationMessages =
        escalationMessages == null
            ? List.of()
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(escalationMessages));
  }
}
