package dev.vigil.workflows.incident;

import java.util.List;
import java.util.Map;

/** The inputs of the incident workflow's updates and signals, one record each. */
public final class IncidentRequests {

  private IncidentRequests() {}

  /** {@link IncidentWorkflow#acknowledge}. */
  public record Acknowledge(IncidentActor actor) {}

  /** {@link IncidentWorkflow#assign}: a user id, {@code group:<name>}, or null to unassign. */
  public record Assign(IncidentActor actor, String assignee) {}

  /** {@link IncidentWorkflow#setStatus}; {@code reason} is required for resolved and closed. */
  public record SetStatus(IncidentActor actor, String status, String reason) {}

  /** {@link IncidentWorkflow#setSeverity}. */
  public record SetSeverity(IncidentActor actor, String severity) {}

  /** {@link IncidentWorkflow#comment}: Markdown with {@code @mentions} already resolved. */
  public record Comment(IncidentActor actor, String body, List<String> mentions) {
    public Comment {
      mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
  }

  /** {@link IncidentWorkflow#tag}. */
  public record Tag(IncidentActor actor, List<String> add, List<String> remove) {
    public Tag {
      add = add == null ? List.of() : List.copyOf(add);
      remove = remove == null ? List.of() : List.copyOf(remove);
    }
  }

  /** {@link IncidentWorkflow#addObservable}; {@code tlp} is clear, green, amber or red. */
  public record AddObservable(IncidentActor actor, String kind, String value, String tlp) {}

  /** {@link IncidentWorkflow#linkAlert}: link {@code alert}, or unlink {@code alertId}. */
  public record LinkAlert(IncidentActor actor, AlertRef alert, String alertId, boolean link) {}

  /** {@link IncidentWorkflow#merge}: this incident is absorbed into {@code into}. */
  public record Merge(IncidentActor actor, String into) {}

  /** {@link IncidentWorkflow#pauseSla}. */
  public record PauseSla(IncidentActor actor, boolean paused, String reason) {}

  /** {@link IncidentWorkflow#updateTask}: null fields stay as they are. */
  public record UpdateTask(
      IncidentActor actor, String taskId, String status, String assignee, String due) {}

  /**
   * {@link IncidentWorkflow#runTask}: starts the playbook bound to {@code taskId}; {@code inputs}
   * are laid over the task's own.
   */
  public record RunTask(IncidentActor actor, String taskId, Map<String, Object> inputs) {
    public RunTask {
      inputs = inputs == null ? Map.of() : dev.vigil.playbook.json.Json.normalizeMap(inputs);
    }
  }

  /**
   * {@link IncidentWorkflow#absorb}: an incident merged into this one.
   *
   * @param actor who merged
   * @param fromIncidentId the absorbed incident
   * @param entities its entities
   * @param tags its tags
   * @param severity its severity
   */
  public record Absorb(
      IncidentActor actor,
      String fromIncidentId,
      List<Entity> entities,
      List<String> tags,
      String severity) {
    public Absorb {
      entities = entities == null ? List.of() : List.copyOf(entities);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  /** An incident's entity. */
  public record Entity(String kind, String value) {}
}
