package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentRequests.Entity;
import java.util.List;

/**
 * The whole state of an incident workflow, small enough to carry through continue-as-new: the
 * alerts themselves live in the store; the workflow keeps their count and the most recent ids (to
 * ignore a redelivered alert).
 *
 * @param status lifecycle status
 * @param severity severity
 * @param severityPinned a person set the severity: alerts no longer raise it
 * @param title title
 * @param description description
 * @param assignee assignee or null
 * @param closeReason reason of a resolved or closed incident
 * @param mergedInto the incident this one was merged into
 * @param openedAt epoch millis the incident opened
 * @param updatedAt epoch millis of the last change
 * @param entities entities of its alerts (at most {@link IncidentCase#MAX_ENTITIES})
 * @param tags tags
 * @param alertCount alerts attached through this workflow (merges add theirs)
 * @param recentAlerts ids of the most recently attached alerts
 * @param clocks SLA clocks
 * @param pausedSince epoch millis the SLA was paused, or null
 * @param pausedTotal millis spent paused before {@code pausedSince}
 * @param warnings SLA warnings raised
 * @param breaches SLA breaches
 * @param tasks tasks
 * @param firedResponses ids of responses already started (once per incident unless repeat)
 * @param runs playbook runs the incident started
 * @param seq sequence number of the last projected change
 * @param milestones epoch millis of acknowledged/contained/resolved/closed, or null
 */
public record IncidentSnapshot(
    IncidentStatus status,
    String severity,
    boolean severityPinned,
    String title,
    String description,
    String assignee,
    String closeReason,
    String mergedInto,
    long openedAt,
    long updatedAt,
    List<Entity> entities,
    List<String> tags,
    long alertCount,
    List<String> recentAlerts,
    List<SlaClock> clocks,
    Long pausedSince,
    long pausedTotal,
    int warnings,
    int breaches,
    List<Task> tasks,
    List<String> firedResponses,
    List<RunLink> runs,
    long seq,
    Milestones milestones) {

  public IncidentSnapshot {
    entities = entities == null ? List.of() : List.copyOf(entities);
    tags = tags == null ? List.of() : List.copyOf(tags);
    recentAlerts = recentAlerts == null ? List.of() : List.copyOf(recentAlerts);
    clocks = clocks == null ? List.of() : List.copyOf(clocks);
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    firedResponses = firedResponses == null ? List.of() : List.copyOf(firedResponses);
    runs = runs == null ? List.of() : List.copyOf(runs);
    milestones = milestones == null ? new Milestones(null, null, null, null) : milestones;
  }

  /**
   * One SLA clock: running from {@code startedAt} until {@code stoppedAt}, not counting time
   * paused; {@code pausedAtStart}/{@code pausedAtStop} are the incident's paused total at those
   * moments.
   */
  public record SlaClock(
      String name,
      long startedAt,
      long pausedAtStart,
      long targetMillis,
      Long stoppedAt,
      long pausedAtStop,
      boolean warned,
      boolean breached) {}

  /** A task of the incident; status open, done or skipped. */
  public record Task(
      String id,
      String title,
      boolean mandatory,
      String playbook,
      String status,
      String assignee,
      String due) {}

  /** A playbook run the incident started. */
  public record RunLink(String runId, String playbook, String responseId, String startedAt) {}

  /** When the incident reached each milestone (epoch millis), or null. */
  public record Milestones(Long acknowledged, Long contained, Long resolved, Long closed) {}
}
