package dev.vigil.workflows.playbook;

import dev.vigil.playbook.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The whole state of a run, answered by the {@code state} query.
 *
 * @param runId run id
 * @param playbookKey playbook key
 * @param playbookVersion pinned version
 * @param status run status
 * @param mode live or dry_run
 * @param startedBy who started it
 * @param startedAt ISO-8601 instant
 * @param endedAt ISO-8601 instant, or null
 * @param inputs run inputs
 * @param outputs outputs once succeeded
 * @param error why the run failed, or null
 * @param steps every step in definition order
 * @param approvals approvals still open, with their votes so far
 */
public record RunState(
    String runId,
    String playbookKey,
    long playbookVersion,
    RunStatus status,
    RunMode mode,
    String startedBy,
    String startedAt,
    String endedAt,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    StepError error,
    List<StepState> steps,
    List<ApprovalState> approvals) {

  public RunState {
    inputs = inputs == null ? null : Json.normalizeMap(inputs);
    outputs = outputs == null ? null : Json.normalizeMap(outputs);
  }
}
