package dev.vigil.workflows.playbook;

import dev.vigil.playbook.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Input of {@link PlaybookRunWorkflow#run}.
 *
 * @param runId run id (the workflow id is {@code run/{tenant}/{runId}})
 * @param tenant tenant that owns the run
 * @param playbook the pinned playbook
 * @param children every child playbook the run may start, pinned when the run starts
 * @param inputs run inputs, checked against the playbook's input schema
 * @param mode live or dry_run
 * @param startedBy user who started the run (four-eyes compares approvers with it)
 * @param trigger what triggered the run (event, alert, schedule …), read as {@code trigger}
 */
public record StartRunInput(
    String runId,
    String tenant,
    PinnedPlaybook playbook,
    List<PinnedPlaybook> children,
    Map<String, Object> inputs,
    RunMode mode,
    String startedBy,
    Map<String, Object> trigger) {

  public StartRunInput {
    children = children == null ? List.of() : List.copyOf(children);
    inputs = Json.normalizeMap(inputs);
    trigger = Json.normalizeMap(trigger);
    mode = mode == null ? RunMode.LIVE : mode;
  }

  /** The deterministic, tenant-scoped workflow id of a run. */
  public static String workflowId(String tenant, String runId) {
    return "run/" + tenant + "/" + runId;
  }
}
