package dev.vigil.workflows.playbook;

import java.util.List;

/**
 * An approval step as analysts see it.
 *
 * @param stepId the approval's key: its step id, plus the iteration path inside loops ({@code
 *     each.3.ok}); what {@code POST /runs/{runId}/approvals/{stepId}} names
 * @param prompt the resolved prompt
 * @param roles roles whose members may decide
 * @param users users who may decide
 * @param quorum approvals needed
 * @param allowSelfApproval false means four-eyes applies
 * @param status pending, approved, rejected or timed_out
 * @param votes votes so far, in order
 * @param openedAt ISO-8601 instant the approval opened
 * @param dueAt ISO-8601 instant it times out, or null
 * @param decidedAt ISO-8601 instant it was decided, or null
 * @param escalated recipients notified so far
 * @param escalationFailures escalations that could not be delivered (recipients)
 * @param decidedBy how it was decided: {@code votes}, {@code timeout}, {@code cancel} or {@code
 *     run-ended}; null while pending
 */
public record ApprovalState(
    String stepId,
    String prompt,
    List<String> roles,
    List<String> users,
    long quorum,
    boolean allowSelfApproval,
    String status,
    List<Vote> votes,
    String openedAt,
    String dueAt,
    String decidedAt,
    List<String> escalated,
    List<String> escalationFailures,
    String decidedBy) {

  public ApprovalState {
    escalationFailures = escalationFailures == null ? List.of() : List.copyOf(escalationFailures);
  }
}
