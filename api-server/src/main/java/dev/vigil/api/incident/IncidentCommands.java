package dev.vigil.api.incident;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.incident.IncidentRow;
import dev.vigil.workflows.incident.AlertRef;
import dev.vigil.workflows.incident.IncidentRequests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Changes to incidents: each one is the incident workflow's update (its validator decides; a
 * refusal is a 403, 404, 409 or 422 here), audited, and answered with the incident as the store
 * holds it after the change (the workflow writes the store before the update returns).
 */
@Service
public class IncidentCommands {

  private static final Logger log = LoggerFactory.getLogger(IncidentCommands.class);
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\w@])@([A-Za-z0-9][A-Za-z0-9._-]{0,99})");

  private final Incidents incidents;
  private final IncidentReads reads;
  private final IncidentUpdates updates;
  private final AlertRepository alerts;
  private final UserRepository users;

  IncidentCommands(
      Incidents incidents,
      IncidentReads reads,
      IncidentUpdates updates,
      AlertRepository alerts,
      UserRepository users) {
    this.incidents = incidents;
    this.reads = reads;
    this.updates = updates;
    this.alerts = alerts;
    this.users = users;
  }

  public record AssignRequest(String assignee) {}

  public record StatusRequest(String status, String reason) {}

  public record SeverityRequest(String severity) {}

  public record CommentRequest(String body) {}

  public record TagsRequest(List<String> add, List<String> remove) {}

  public record ObservableRequest(String kind, String value, String tlp) {}

  public record LinkRequest(String alertId) {}

  public record MergeRequest(String into) {}

  public record SlaRequest(Boolean paused, String reason) {}

  public record TaskRequest(String status, String assignee, String due) {}

  public record RunTaskRequest(Map<String, Object> inputs) {}

  public record BulkRequest(List<String> ids, String action, String assignee) {}

  public record BulkResult(String id, boolean ok, String status, String error) {}

  // ------------------------------------------------------------ changes

  public IncidentViews.IncidentDetail acknowledge(Actor actor, String id) {
    return updates.send(
        actor,
        id,
        "incident.acknowledge",
        "/status",
        Map.of(),
        (w, a) -> w.acknowledge(new IncidentRequests.Acknowledge(a)));
  }

  public IncidentViews.IncidentDetail assign(Actor actor, String id, AssignRequest req) {
    String assignee =
        req == null || req.assignee() == null || req.assignee().isBlank()
            ? null
            : req.assignee().strip();
    if (assignee != null
        && !assignee.startsWith("group:")
        && users.membership(actor.tenant(), assignee).isEmpty()) {
      throw ApiException.invalid(
          "/assignee", "'" + assignee + "' is not a member of this tenant (or use group:<name>)");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("assignee", assignee);
    return updates.send(
        actor,
        id,
        "incident.assign",
        "/assignee",
        details,
        (w, a) -> w.assign(new IncidentRequests.Assign(a, assignee)));
  }

  public IncidentViews.IncidentDetail status(Actor actor, String id, StatusRequest req) {
    if (req == null || req.status() == null) {
      throw ApiException.invalid("/status", "status is required");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", req.status());
    if (req.reason() != null) {
      details.put("reason", req.reason());
    }
    String pointer =
        req.reason() == null && List.of("resolved", "closed").contains(req.status())
            ? "/reason"
            : "/status";
    return updates.send(
        actor,
        id,
        "incident.status",
        pointer,
        details,
        (w, a) -> w.setStatus(new IncidentRequests.SetStatus(a, req.status(), req.reason())));
  }

  public IncidentViews.IncidentDetail severity(Actor actor, String id, SeverityRequest req) {
    String severity = req == null ? null : req.severity();
    return updates.send(
        actor,
        id,
        "incident.severity",
        "/severity",
        severity == null ? Map.of() : Map.of("severity", severity),
        (w, a) -> w.setSeverity(new IncidentRequests.SetSeverity(a, severity)));
  }

  public IncidentViews.IncidentDetail comment(Actor actor, String id, CommentRequest req) {
    String body = req == null ? null : req.body();
    List<String> mentions = mentions(actor.tenant(), body);
    return updates.send(
        actor,
        id,
        "incident.comment",
        "/body",
        Map.of("mentions", mentions),
        (w, a) -> w.comment(new IncidentRequests.Comment(a, body, mentions)));
  }

  /** The {@code @username}s of a comment that are members of the tenant. */
  private List<String> mentions(String tenant, String body) {
    if (body == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(body);
    while (m.find() && names.size() < 20) {
      names.add(m.group(1));
    }
    return names.stream().filter(n -> users.membership(tenant, n).isPresent()).toList();
  }

  public IncidentViews.IncidentDetail tags(Actor actor, String id, TagsRequest req) {
    List<String> add = req == null || req.add() == null ? List.of() : req.add();
    List<String> remove = req == null || req.remove() == null ? List.of() : req.remove();
    if (add.isEmpty() && remove.isEmpty()) {
      throw ApiException.invalid("/add", "add or remove at least one tag");
    }
    return updates.send(
        actor,
        id,
        "incident.tags",
        "/add",
        Map.of("add", add, "remove", remove),
        (w, a) -> w.tag(new IncidentRequests.Tag(a, add, remove)));
  }

  public IncidentViews.IncidentDetail observable(Actor actor, String id, ObservableRequest req) {
    if (req == null || req.kind() == null) {
      throw ApiException.invalid("/kind", "kind is required");
    }
    String pointer =
        dev.vigil.workflows.incident.Observables.check(
                    req.kind(), req.value() == null ? "" : req.value())
                != null
            ? "/value"
            : "/kind";
    if (req.tlp() != null && !List.of("clear", "green", "amber", "red").contains(req.tlp())) {
      throw ApiException.invalid("/tlp", "tlp must be clear, green, amber or red");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", req.kind());
    details.put("value", req.value());
    return updates.send(
        actor,
        id,
        "incident.observable",
        pointer,
        details,
        (w, a) ->
            w.addObservable(
                new IncidentRequests.AddObservable(a, req.kind(), req.value(), req.tlp())));
  }

  public IncidentViews.IncidentDetail link(Actor actor, String id, LinkRequest req) {
    incidents.require(actor, id);
    if (req == null || req.alertId() == null || req.alertId().isBlank()) {
      throw ApiException.invalid("/alertId", "alertId is required");
    }
    AlertRecord alert =
        alerts
            .get(actor.tenant(), req.alertId())
            .orElseThrow(() -> ApiException.invalid("/alertId", "no alert " + req.alertId()));
    if (alert.incidentId() != null && !alert.incidentId().equals(id)) {
      throw ApiException.conflict(
          "alert-in-other-incident",
          "alert "
              + alert.id()
              + " belongs to incident "
              + alert.incidentId()
              + "; unlink it there first");
    }
    AlertRef ref = ref(alert);
    return updates.send(
        actor,
        id,
        "incident.link_alert",
        "/alertId",
        Map.of("alertId", alert.id()),
        (w, a) -> w.linkAlert(new IncidentRequests.LinkAlert(a, ref, null, true)));
  }

  public IncidentViews.IncidentDetail unlink(Actor actor, String id, String alertId) {
    AlertRecord alert =
        alerts
            .get(actor.tenant(), alertId)
            .filter(x -> id.equals(x.incidentId()))
            .orElseThrow(
                () -> ApiException.notFound("incident " + id + " has no alert " + alertId));
    return updates.send(
        actor,
        id,
        "incident.unlink_alert",
        "/alertId",
        Map.of("alertId", alert.id()),
        (w, a) -> w.linkAlert(new IncidentRequests.LinkAlert(a, null, alert.id(), false)));
  }

  public IncidentViews.IncidentDetail merge(Actor actor, String id, MergeRequest req) {
    incidents.require(actor, id);
    String into = req == null ? null : req.into();
    if (into == null || into.isBlank()) {
      throw ApiException.invalid("/into", "into names the incident that absorbs this one");
    }
    if (into.equals(id)) {
      throw ApiException.invalid("/into", "an incident cannot be merged into itself");
    }
    IncidentRow target =
        reads
            .get(actor.tenant(), into)
            .orElseThrow(() -> ApiException.invalid("/into", "no incident " + into));
    if (target.mergedInto() != null || "closed".equals(target.status())) {
      throw ApiException.conflict(
          "merge-target-closed",
          "incident "
              + into
              + " is "
              + (target.mergedInto() != null ? "merged into " + target.mergedInto() : "closed")
              + "; merge into an open one");
    }
    updates.send(
        actor,
        id,
        "incident.merge",
        "/into",
        Map.of("into", into),
        (w, a) -> w.merge(new IncidentRequests.Merge(a, into)));
    return incidents.get(actor, id);
  }

  public IncidentViews.IncidentDetail sla(Actor actor, String id, SlaRequest req) {
    if (req == null || req.paused() == null) {
      throw ApiException.invalid("/paused", "paused is true or false");
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("paused", req.paused());
    if (req.reason() != null) {
      details.put("reason", req.reason());
    }
    return updates.send(
        actor,
        id,
        req.paused() ? "incident.sla_pause" : "incident.sla_resume",
        "/paused",
        details,
        (w, a) -> w.pauseSla(new IncidentRequests.PauseSla(a, req.paused(), req.reason())));
  }

  public IncidentViews.IncidentDetail task(Actor actor, String id, String taskId, TaskRequest req) {
    if (req == null || (req.status() == null && req.assignee() == null && req.due() == null)) {
      throw ApiException.invalid("/status", "give status, assignee or due");
    }
    String pointer = req.status() != null ? "/status" : req.due() != null ? "/due" : "/assignee";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("task", taskId);
    details.put("status", req.status());
    return updates.send(
        actor,
        id,
        "incident.task",
        pointer,
        details,
        (w, a) ->
            w.updateTask(
                new IncidentRequests.UpdateTask(
                    a, taskId, req.status(), req.assignee(), req.due())));
  }

  public IncidentViews.IncidentDetail runTask(
      Actor actor, String id, String taskId, RunTaskRequest req) {
    if (!actor.can(dev.vigil.api.system.Permission.RUN_START)) {
      throw ApiException.forbidden("forbidden", "running a task's playbook needs run.start");
    }
    Map<String, Object> inputs = req == null || req.inputs() == null ? Map.of() : req.inputs();
    return updates.send(
        actor,
        id,
        "incident.task_run",
        "/inputs",
        Map.of("task", taskId),
        (w, a) -> w.runTask(new IncidentRequests.RunTask(a, taskId, inputs)));
  }

  public Map<String, Object> bulk(Actor actor, BulkRequest req) {
    if (req == null || req.ids() == null || req.ids().isEmpty()) {
      throw ApiException.invalid("/ids", "ids lists the incidents to change");
    }
    if (req.ids().size() > 200) {
      throw ApiException.invalid("/ids", "at most 200 incidents at once");
    }
    if (!List.of("acknowledge", "assign").contains(req.action())) {
      throw ApiException.invalid("/action", "action is acknowledge or assign");
    }
    List<BulkResult> results = new ArrayList<>();
    for (String id : new LinkedHashSet<>(req.ids())) {
      try {
        IncidentViews.IncidentDetail d =
            "acknowledge".equals(req.action())
                ? acknowledge(actor, id)
                : assign(actor, id, new AssignRequest(req.assignee()));
        results.add(new BulkResult(id, true, d.status(), null));
      } catch (ApiException e) {
        results.add(new BulkResult(id, false, null, e.getMessage()));
      }
    }
    return Map.of("results", results);
  }

  static AlertRef ref(AlertRecord a) {
    Map<String, String> group = new LinkedHashMap<>();
    a.group().forEach((k, v) -> group.put(k, v == null ? null : String.valueOf(v)));
    return new AlertRef(
        a.id(),
        a.ruleKey(),
        a.ruleVersion(),
        a.title(),
        a.severity(),
        a.entityKind(),
        a.entityValue(),
        group,
        a.mitre(),
        a.firstSeen().toString(),
        a.eventCount());
  }
}
