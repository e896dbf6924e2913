package dev.vigil.workflows.playbook;

import dev.vigil.playbook.json.Json;

/**
 * One step of a run as the {@code state} query reports it. Steps inside a loop report their latest
 * iteration.
 *
 * @param id step id
 * @param kind step kind key (action, if, …)
 * @param status pending, running, waiting, succeeded, failed, skipped, cancelled, undone
 * @param outcome approvals: approved, rejected or timed_out; null otherwise
 * @param attempts attempts made (actions)
 * @param output the step's output
 * @param error why it failed, or null
 * @param startedAt ISO-8601 instant, or null
 * @param endedAt ISO-8601 instant, or null
 * @param simulated true when a dry run previewed the step instead of executing it
 * @param approval the approval, for approval steps that opened
 * @param input actions: the {@code with} the action was called with, expressions resolved (secret
 *     names only, never their values); null for other steps
 */
public record StepState(
    String id,
    String kind,
    StepStatus status,
    String outcome,
    long attempts,
    Object output,
    StepError error,
    String startedAt,
    String endedAt,
    boolean simulated,
    ApprovalState approval,
    Object input) {

  public StepState {
    output = Json.normalize(output);
    input = Json.normalize(input);
  }
}
