package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentRequests.Entity;
import dev.vigil.workflows.incident.IncidentSnapshot.RunLink;
import dev.vigil.workflows.incident.IncidentSnapshot.Task;
import java.util.List;
import java.util.Map;

/**
 * One change of an incident as the store records it: the incident's row after the change and what
 * the change added. {@code seq} increases with every change, so the store applies each at most once
 * and never goes backwards.
 *
 * @param tenant tenant
 * @param incidentId incident
 * @param seq sequence number of the change (that of its last timeline entry)
 * @param row the incident's row after the change
 * @param timeline timeline entries added
 * @param attached alerts attached (ids: the store has the alerts)
 * @param detached ids of alerts detached
 * @param observables observables seen
 * @param runs runs started
 * @param tasks every task, when they changed; null otherwise
 * @param absorbedFrom the incident merged into this one by this change, or null
 */
public record IncidentChange(
    String tenant,
    String incidentId,
    long seq,
    Row row,
    List<TimelineEntry> timeline,
    List<Attached> attached,
    List<String> detached,
    List<Observable> observables,
    List<RunLink> runs,
    List<Task> tasks,
    String absorbedFrom) {

  public IncidentChange {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    attached = attached == null ? List.of() : List.copyOf(attached);
    detached = detached == null ? List.of() : List.copyOf(detached);
    observables = observables == null ? List.of() : List.copyOf(observables);
    runs = runs == null ? List.of() : List.copyOf(runs);
    tasks = tasks == null ? null : List.copyOf(tasks);
  }

  /** An alert attached, and by whom ({@code vigil} for correlation). */
  public record Attached(String alertId, String by) {}

  /**
   * The incident's row. Instants are ISO-8601, durations milliseconds of active (unpaused) time.
   */
  public record Row(
      String title,
      String description,
      String status,
      String severity,
      String assignee,
      List<Entity> entities,
      List<String> tags,
      String openedBy,
      String openedAt,
      String updatedAt,
      String correlationKey,
      String acknowledgeBy,
      String containBy,
      String resolveBy,
      boolean slaPaused,
      boolean breached,
      int breaches,
      int warnings,
      String closeReason,
      String mergedInto,
      Long timeToAcknowledge,
      Long timeToContain,
      Long timeToResolve,
      Long handlingTime,
      Map<String, Integer> policyVersions) {}

  /**
   * An observable the incident saw.
   *
   * @param kind ip, user, host, domain, hash, url or email
   * @param value the value
   * @param tlp clear, green, amber or red
   * @param source {@code alert:<id>}, {@code user:<id>} or {@code run:<id>}
   * @param at ISO-8601 instant it was seen
   */
  public record Observable(String kind, String value, String tlp, String source, String at) {}
}
