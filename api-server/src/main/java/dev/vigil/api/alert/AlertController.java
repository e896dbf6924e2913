package dev.vigil.api.alert;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts: list, read, status, feedback. */
@RestController
@RequestMapping("/api/v1/alerts")
public class AlertController {

  private final Alerts alerts;

  public AlertController(Alerts alerts) {
    this.alerts = alerts;
  }

  @GetMapping
  @Requires(Permission.ALERT_READ)
  public PageView<Alerts.AlertView> list(
      Actor actor,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String entity,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return alerts.list(
        actor, new Alerts.Params(rule, severity, status, entity, from, to, limit, cursor));
  }

  @GetMapping("/{id}")
  @Requires(Permission.ALERT_READ)
  public Alerts.AlertDetail get(Actor actor, @PathVariable String id) {
    return alerts.get(actor, id);
  }

  @PostMapping(path = "/{id}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.ALERT_TRIAGE)
  public Alerts.AlertDetail status(
      Actor actor, @PathVariable String id, @RequestBody Alerts.StatusRequest body) {
    return alerts.setStatus(actor, id, body);
  }

  @PostMapping(path = "/{id}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.ALERT_TRIAGE)
  public Alerts.AlertDetail feedback(
      Actor actor, @PathVariable String id, @RequestBody Alerts.FeedbackRequest body) {
    return alerts.feedback(actor, id, body);
  }
}
