package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentSnapshot.Task;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether an incident accepts a change, in plain Java: every update's validator (and its re-check
 * under the workflow's lock) asks here, and a refusal is an {@link IncidentRefused} whose type the
 * API turns into 403, 404, 409 or 422.
 */
public final class IncidentChecks {

  private final IncidentCase kase;

  public IncidentChecks(IncidentCase kase) {
    this.kase = kase;
  }

  /** Refuses callers of another tenant and callers who may only read. */
  public void checkActor(IncidentActor actor) {
    if (actor == null || !kase.tenant().equals(actor.tenant())) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_FORBIDDEN, "the incident belongs to another tenant");
    }
    if (!actor.mayChange()) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_FORBIDDEN,
          "only analysts, admins and owners change incidents; "
              + actor.user()
              + " has "
              + actor.roles());
    }
  }

  private void checkNotMerged() {
    if (kase.mergedInto() != null) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT,
          "the incident was merged into " + kase.mergedInto() + "; change that one");
    }
  }

  public void validateAcknowledge(IncidentRequests.Acknowledge r) {
    checkActor(r.actor());
    checkNotMerged();
    if (kase.status() != IncidentStatus.NEW) {
      throw illegal(IncidentStatus.ACKNOWLEDGED);
    }
  }

  public void validateAssign(IncidentRequests.Assign r) {
    checkActor(r.actor());
    checkNotMerged();
    if (r.assignee() != null && (r.assignee().isBlank() || r.assignee().length() > 200)) {
      throw invalid("assignee must be a user id or group:<name> of at most 200 characters");
    }
  }

  public void validateStatus(IncidentRequests.SetStatus r) {
    checkActor(r.actor());
    checkNotMerged();
    IncidentStatus to =
        IncidentStatus.of(r.status())
            .orElseThrow(
                () ->
                    invalid(
                        "status must be one of new, acknowledged, in_progress, contained,"
                            + " resolved, closed"));
    if (!kase.status().allowedNext().contains(to)) {
      throw illegal(to);
    }
    if (to.needsReason()) {
      if (r.reason() == null) {
        throw invalid(
            "a reason is required to set " + to.key() + ": " + IncidentStatus.CLOSE_REASONS);
      }
      if (!IncidentStatus.CLOSE_REASONS.contains(r.reason())) {
        throw invalid("reason must be one of " + IncidentStatus.CLOSE_REASONS);
      }
      List<String> open =
          kase.tasks().stream()
              .filter(t -> t.mandatory() && "open".equals(t.status()))
              .map(Task::title)
              .toList();
      if (to == IncidentStatus.CLOSED && !open.isEmpty()) {
        throw new IncidentRefused(
            FailureTypes.INCIDENT_CONFLICT,
            "mandatory tasks are still open: " + String.join("; ", open));
      }
    } else if (r.reason() != null && !IncidentStatus.CLOSE_REASONS.contains(r.reason())) {
      throw invalid("reason must be one of " + IncidentStatus.CLOSE_REASONS);
    }
  }

  public void validateSeverity(IncidentRequests.SetSeverity r) {
    checkActor(r.actor());
    checkNotMerged();
    if (!IncidentCase.SEVERITIES.contains(r.severity())) {
      throw invalid("severity must be one of " + IncidentCase.SEVERITIES);
    }
  }

  public void validateComment(IncidentRequests.Comment r) {
    checkActor(r.actor());
    if (r.body() == null || r.body().isBlank()) {
      throw invalid("a comment needs a body");
    }
    if (r.body().length() > IncidentCase.MAX_COMMENT) {
      throw invalid("a comment is at most " + IncidentCase.MAX_COMMENT + " characters");
    }
  }

  public void validateTag(IncidentRequests.Tag r) {
    checkActor(r.actor());
    checkNotMerged();
    for (String t : r.add()) {
      if (t == null || !t.matches("[A-Za-z0-9][A-Za-z0-9:._/-]{0,63}")) {
        throw invalid("tag '" + t + "' must be 1-64 letters, digits or : . _ / -");
      }
    }
    Set<String> after = new LinkedHashSet<>(kase.tags());
    after.addAll(r.add());
    r.remove().forEach(after::remove);
    if (after.size() > IncidentCase.MAX_TAGS) {
      throw invalid("an incident has at most " + IncidentCase.MAX_TAGS + " tags");
    }
  }

  public void validateObservable(IncidentRequests.AddObservable r) {
    checkActor(r.actor());
    checkNotMerged();
    if (!IncidentCase.OBSERVABLE_KINDS.contains(r.kind())) {
      throw invalid("kind must be one of " + IncidentCase.OBSERVABLE_KINDS);
    }
    if (r.value() == null || r.value().isBlank() || r.value().length() > 2048) {
      throw invalid("value must be 1-2048 characters");
    }
    String problem = Observables.check(r.kind(), r.value());
    if (problem != null) {
      throw invalid(problem);
    }
    if (r.tlp() != null && !IncidentCase.TLPS.contains(r.tlp())) {
      throw invalid("tlp must be one of " + IncidentCase.TLPS);
    }
  }

  public void validateLink(IncidentRequests.LinkAlert r) {
    checkActor(r.actor());
    checkNotMerged();
    if (r.link() && (r.alert() == null || r.alert().alertId() == null)) {
      throw invalid("linking needs the alert");
    }
    if (!r.link() && (r.alertId() == null || r.alertId().isBlank())) {
      throw invalid("unlinking needs the alert id");
    }
  }

  public void validateMerge(IncidentRequests.Merge r) {
    checkActor(r.actor());
    checkNotMerged();
    if (r.into() == null || r.into().isBlank()) {
      throw invalid("into names the incident that absorbs this one");
    }
    if (r.into().equals(kase.incidentId())) {
      throw invalid("an incident cannot be merged into itself");
    }
    if (kase.status() == IncidentStatus.CLOSED) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT, "a closed incident cannot be merged; reopen it first");
    }
  }

  public void validatePause(IncidentRequests.PauseSla r) {
    checkActor(r.actor());
    checkNotMerged();
    if (r.paused() == kase.slaPaused()) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT,
          r.paused() ? "the SLA is already paused" : "the SLA is not paused");
    }
    if (r.paused() && kase.status().isDone()) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT,
          "the incident is " + kase.status().key() + ": no clock runs");
    }
  }

  public void validateTask(IncidentRequests.UpdateTask r) {
    checkActor(r.actor());
    checkNotMerged();
    if (kase.tasks().stream().noneMatch(t -> t.id().equals(r.taskId()))) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_ITEM_NOT_FOUND, "the incident has no task '" + r.taskId() + "'");
    }
    if (r.status() != null && !IncidentCase.TASK_STATUSES.contains(r.status())) {
      throw invalid("task status must be one of " + IncidentCase.TASK_STATUSES);
    }
    if (r.due() != null && !r.due().isEmpty()) {
      try {
        Instant.parse(r.due());
      } catch (RuntimeException e) {
        throw invalid("due must be an ISO-8601 instant such as 2026-12-01T18:00:00Z");
      }
    }
  }

  /** The task exists, is open and has a playbook, and its inputs evaluate; returns them. */
  public Map<String, Object> validateRunTask(IncidentRequests.RunTask r) {
    checkActor(r.actor());
    checkNotMerged();
    Task task =
        kase.tasks().stream()
            .filter(t -> t.id().equals(r.taskId()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IncidentRefused(
                        FailureTypes.INCIDENT_ITEM_NOT_FOUND,
                        "the incident has no task '" + r.taskId() + "'"));
    if (task.playbook() == null) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT, "task '" + task.title() + "' has no playbook to run");
    }
    if (!"open".equals(task.status())) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT,
          "task '" + task.title() + "' is " + task.status() + "; open it again to run it");
    }
    if (kase.status().isDone()) {
      throw new IncidentRefused(
          FailureTypes.INCIDENT_CONFLICT,
          "the incident is " + kase.status().key() + "; reopen it to run a task's playbook");
    }
    IncidentPolicy.TaskSpec spec =
        kase.policy().tasks().stream()
            .filter(t -> t.id().equals(r.taskId()))
            .findFirst()
            .orElse(
                new IncidentPolicy.TaskSpec(
                    task.id(), task.title(), task.mandatory(), task.playbook(), null, null));
    try {
      return Responses.taskInputs(spec, r.inputs(), kase.variables());
    } catch (dev.vigil.playbook.expression.ExpressionException e) {
      throw invalid("the task's inputs do not evaluate: " + e.getMessage());
    }
  }

  private IncidentRefused illegal(IncidentStatus to) {
    List<String> allowed = kase.status().allowedNext().stream().map(IncidentStatus::key).toList();
    return new IncidentRefused(
        FailureTypes.INCIDENT_ILLEGAL_TRANSITION,
        "an incident that is "
            + kase.status().key()
            + " cannot become "
            + to.key()
            + "; allowed: "
            + allowed,
        allowed);
  }

  private static IncidentRefused invalid(String message) {
    return new IncidentRefused(FailureTypes.INCIDENT_INVALID, message);
  }
}
