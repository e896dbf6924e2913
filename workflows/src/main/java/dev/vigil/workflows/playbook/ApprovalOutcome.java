package dev.vigil.workflows.playbook;

import java.util.List;

/**
 * How an approval a slice handed to its run ended (signal {@link
 * ForEachSliceWorkflow#approvalDecided}).
 *
 * @param key approval key
 * @param status approved, rejected, timed_out or cancelled
 * @param decidedBy votes or timeout
 * @param decidedAt ISO-8601 instant
 * @param votes the votes cast
 */
public record ApprovalOutcome(
    String key, String status, String decidedBy, String decidedAt, List<Vote> votes) {

  public ApprovalOutcome {
    votes = votes == null ? List.of() : List.copyOf(votes);
  }
}
