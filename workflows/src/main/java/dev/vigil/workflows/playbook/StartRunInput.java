package dev.vigil.workflows.playbook;

import dev.vigil.playbook.catalog.ActionDefinition;
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
 * @param actions the catalog entries of every action the playbook and its children call, pinned
 *     when the run starts ({@link RunPreparation#pinActions}) so that a catalog change in a later
 *     deploy never changes a run in flight; null only in runs started before actions were pinned
 */
public record StartRunInput(
    String runId,
    String tenant,
    PinnedPlaybook playbook,
    List<PinnedPlaybook> children,
    Map<String, Object> inputs,
    RunMode mode,
    String startedBy,
    Map<String, Object> trigger,
    List<ActionDefinition> actions) {

  public StartRunInput {
    children = children == null ? List.of() : List.copyOf(children);
    inputs = Json.normalizeMap(inputs);
    trigger = Json.normalizeMap(trigger);
    mode = mode == null ? RunMode.LIVE : mode;
    actions = actions == null ? null : List.copyOf(actions);
  }

  /** The same run with other pinned actions (a trimmed copy for loop slices). */
  public StartRunInput with(
      Map<String, Object> inputs, List<PinnedPlaybook> children, Map<String, Object> trigger) {
    return new StartRunInput(
        runId, tenant, playbook, children, inputs, mode, startedBy, trigger, actions);
  }

  /** The deterministic, tenant-scoped workflow id of a run. */
  public static String workflowId(String tenant, String runId) {
    return "run/" + tenant + "/" + runId;
  }
}
