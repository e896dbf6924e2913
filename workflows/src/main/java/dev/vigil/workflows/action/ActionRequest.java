package dev.vigil.workflows.action;

import java.util.Map;

/**
 * One action call as the activity receives it. {@code with} is fully resolved; it never holds a
 * secret, only secret names the activity resolves.
 *
 * @param tenant tenant of the run
 * @param runId run id
 * @param stepId step id
 * @param action catalog name, e.g. {@code http.request}
 * @param with resolved arguments
 * @param projection when set, the activity records the step's successful end itself
 */
public record ActionRequest(
    String tenant,
    String runId,
    String stepId,
    String action,
    Map<String, Object> with,
    StepProjection projection) {

  /** A call whose end the run records itself (undo actions, tests, benchmarks). */
  public ActionRequest(
      String tenant, String runId, String stepId, String action, Map<String, Object> with) {
    this(tenant, runId, stepId, action, with, null);
  }
}
