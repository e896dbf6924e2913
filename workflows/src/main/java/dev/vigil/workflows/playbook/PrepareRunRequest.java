package dev.vigil.workflows.playbook;

import java.util.Map;

/**
 * Input of {@link PrepareRunActivities#prepare}: which playbook to run, as a workflow (an incident,
 * a schedule) asks for it.
 *
 * @param tenant tenant of the run
 * @param runId the run id to give it
 * @param playbook playbook key
 * @param version a version, or null for the latest
 * @param inputs run inputs
 * @param mode live or dry_run
 * @param startedBy who the run is started for (four-eyes compares approvers with it)
 * @param trigger what triggered it, read as {@code trigger}
 */
public record PrepareRunRequest(
    String tenant,
    String runId,
    String playbook,
    Integer version,
    Map<String, Object> inputs,
    RunMode mode,
    String startedBy,
    Map<String, Object> trigger) {}
