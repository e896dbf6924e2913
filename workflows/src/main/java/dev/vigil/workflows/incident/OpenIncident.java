package dev.vigil.workflows.incident;

/**
 * Input of {@link IncidentWorkflow#run}: the incident as it opens, with its pinned policy, or the
 * state carried over by continue-as-new.
 *
 * @param tenant tenant
 * @param incidentId incident id (the workflow id is {@code incident/{tenant}/{incidentId}})
 * @param title title (from the template or the first alert)
 * @param severity initial severity
 * @param description description (manual incidents) or null
 * @param openedBy {@code vigil} for correlated incidents, the user for manual ones
 * @param policy the tenant's policies, pinned when the incident opened
 * @param carried the state carried over by continue-as-new; null when the incident opens
 * @param historyLimit continue-as-new once the history passes this many events (also when Temporal
 *     suggests it earlier)
 */
public record OpenIncident(
    String tenant,
    String incidentId,
    String title,
    String severity,
    String description,
    String openedBy,
    IncidentPolicy policy,
    IncidentSnapshot carried,
    int historyLimit) {

  /** Default {@link #historyLimit}: far inside Temporal's limits, small enough to replay fast. */
  public static final int HISTORY_LIMIT = 2_000;

  public OpenIncident {
    historyLimit = historyLimit <= 0 ? HISTORY_LIMIT : historyLimit;
  }

  /** The deterministic, tenant-scoped workflow id of an incident. */
  public static String workflowId(String tenant, String incidentId) {
    return "incident/" + tenant + "/" + incidentId;
  }

  OpenIncident carrying(IncidentSnapshot snapshot) {
    return new OpenIncident(
        tenant, incidentId, title, severity, description, openedBy, policy, snapshot, historyLimit);
  }
}
