package dev.vigil.workflows.incident;

import java.util.List;

/**
 * A notification about an incident.
 *
 * @param tenant tenant
 * @param incidentId incident
 * @param type {@code incident.sla_breach}
 * @param title the incident's title
 * @param severity its severity
 * @param recipients role:…, user:… or channel:… recipients
 * @param message the text to send
 */
public record IncidentNotice(
    String tenant,
    String incidentId,
    String type,
    String title,
    String severity,
    List<String> recipients,
    String message) {

  public IncidentNotice {
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
  }
}
