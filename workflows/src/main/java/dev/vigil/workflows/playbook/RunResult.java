package dev.vigil.workflows.playbook;

import dev.vigil.playbook.json.Json;
import java.util.Map;

/**
 * What a finished run returns.
 *
 * @param runId run id
 * @param status succeeded, cancelled or rolled_back (a failed run fails the workflow instead)
 * @param outputs the playbook's outputs when it succeeded
 * @param error why it did not succeed, or null
 */
public record RunResult(
    String runId, RunStatus status, Map<String, Object> outputs, StepError error) {

  public RunResult {
    outputs = outputs == null ? null : Json.normalizeMap(outputs);
  }
}
