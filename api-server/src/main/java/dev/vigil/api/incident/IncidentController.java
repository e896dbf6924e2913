package dev.vigil.api.incident;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.store.incident.IncidentReads;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Incidents (DESIGN §7): the queue, one incident, and every change to it. */
@RestController
@RequestMapping("/api/v1/incidents")
public class IncidentController {

  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

  private final Incidents incidents;
  private final IncidentCommands commands;
  private final ManualIncidents manual;
  private final IncidentEvents events;

  public IncidentController(
      Incidents incidents,
      IncidentCommands commands,
      ManualIncidents manual,
      IncidentEvents events) {
    this.incidents = incidents;
    this.commands = commands;
    this.manual = manual;
    this.events = events;
  }

  @GetMapping
  @Requires(Permission.INCIDENT_READ)
  public PageView<IncidentViews.IncidentItem> list(
      Actor actor,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String entity,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String breached,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return incidents.list(
        actor,
        new Incidents.Params(
            status, severity, assignee, entity, rule, breached, tag, q, limit, cursor));
  }

  @PostMapping(consumes = JSON)
  @ResponseStatus(HttpStatus.CREATED)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail create(
      Actor actor, @RequestBody ManualIncidents.CreateRequest body) {
    return manual.create(actor, body);
  }

  @GetMapping("/metrics")
  @Requires(Permission.INCIDENT_READ)
  public IncidentReads.Metrics metrics(Actor actor, @RequestParam(required = false) Integer days) {
    return incidents.metrics(actor, days);
  }

  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Requires(Permission.INCIDENT_READ)
  public SseEmitter events(Actor actor) {
    return events.subscribe(actor.tenant());
  }

  @PostMapping(path = "/bulk", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public Map<String, Object> bulk(Actor actor, @RequestBody IncidentCommands.BulkRequest body) {
    return commands.bulk(actor, body);
  }

  @GetMapping("/{id}")
  @Requires(Permission.INCIDENT_READ)
  public IncidentViews.IncidentDetail get(Actor actor, @PathVariable String id) {
    return incidents.get(actor, id);
  }

  @PostMapping(path = "/{id}/acknowledge", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail acknowledge(
      Actor actor,
      @PathVariable String id,
      @RequestBody(required = false) Map<String, Object> body) {
    return commands.acknowledge(actor, id);
  }

  @PostMapping(path = "/{id}/assign", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail assign(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.AssignRequest body) {
    return commands.assign(actor, id, body);
  }

  @PostMapping(path = "/{id}/status", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail status(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.StatusRequest body) {
    return commands.status(actor, id, body);
  }

  @PostMapping(path = "/{id}/severity", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail severity(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.SeverityRequest body) {
    return commands.severity(actor, id, body);
  }

  @PostMapping(path = "/{id}/comments", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail comment(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.CommentRequest body) {
    return commands.comment(actor, id, body);
  }

  @PostMapping(path = "/{id}/tags", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail tags(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.TagsRequest body) {
    return commands.tags(actor, id, body);
  }

  @PostMapping(path = "/{id}/observables", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail observable(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.ObservableRequest body) {
    return commands.observable(actor, id, body);
  }

  @PostMapping(path = "/{id}/alerts", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail link(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.LinkRequest body) {
    return commands.link(actor, id, body);
  }

  @DeleteMapping("/{id}/alerts/{alertId}")
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail unlink(
      Actor actor, @PathVariable String id, @PathVariable String alertId) {
    return commands.unlink(actor, id, alertId);
  }

  @PostMapping(path = "/{id}/merge", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail merge(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.MergeRequest body) {
    return commands.merge(actor, id, body);
  }

  @PostMapping(path = "/{id}/sla", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail sla(
      Actor actor, @PathVariable String id, @RequestBody IncidentCommands.SlaRequest body) {
    return commands.sla(actor, id, body);
  }

  @PostMapping(path = "/{id}/tasks/{taskId}", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail task(
      Actor actor,
      @PathVariable String id,
      @PathVariable String taskId,
      @RequestBody IncidentCommands.TaskRequest body) {
    return commands.task(actor, id, taskId, body);
  }

  @PostMapping(path = "/{id}/tasks/{taskId}/run", consumes = JSON)
  @Requires(Permission.INCIDENT_MANAGE)
  public IncidentViews.IncidentDetail runTask(
      Actor actor,
      @PathVariable String id,
      @PathVariable String taskId,
      @RequestBody(required = false) IncidentCommands.RunTaskRequest body) {
    return commands.runTask(actor, id, taskId, body);
  }
}
