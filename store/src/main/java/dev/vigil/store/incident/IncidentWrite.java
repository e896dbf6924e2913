package dev.vigil.store.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change of an incident to record in one transaction (see {@code IncidentChange} of the
 * workflow): the row after it and what it added.
 */
public record IncidentWrite(
    IncidentRow row,
    List<TimelineRow> timeline,
    List<AttachedAlert> attached,
    List<String> detached,
    List<ObservableRow> observables,
    List<RunRow> runs,
    List<TaskRow> tasks,
    String absorbedFrom) {

  public IncidentWrite {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
    attached = attached == null ? List.of() : List.copyOf(attached);
    detached = detached == null ? List.of() : List.copyOf(detached);
    observables = observables == null ? List.of() : List.copyOf(observables);
    runs = runs == null ? List.of() : List.copyOf(runs);
    tasks = tasks == null ? null : List.copyOf(tasks);
  }

  /** A timeline entry; {@code originIncident} differs from the incident for merged-in entries. */
  public record TimelineRow(
      long seq,
      Instant at,
      String actor,
      String kind,
      String summary,
      Map<String, Object> data,
      String originIncident) {}

  /** An alert attached at {@code at} by {@code by}. */
  public record AttachedAlert(String alertId, Instant at, String by) {}

  /** An observable seen; {@code source} is {@code alert:<id>}, {@code user:<id>} or a run. */
  public record ObservableRow(
      String kind, String value, String tlp, String source, Instant at, String originIncident) {}

  /** A run the incident started. */
  public record RunRow(String runId, String playbook, String responseId, Instant startedAt) {}

  /** A task, in its position. */
  public record TaskRow(
      String taskId,
      int position,
      String title,
      boolean mandatory,
      String playbook,
      String status,
      String assignee,
      Instant due) {}
}
