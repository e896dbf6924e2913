package dev.vigil.api.alert;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.QueryParams;
import dev.vigil.store.detection.AlertFilter;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.event.EventReads;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Alerts: list, read with evidence, acknowledge/close, and the analysts' feedback (audited). */
@Service
public class Alerts {

  /** Statuses an analyst may set. */
  static final List<String> SETTABLE = List.of("acknowledged", "closed");

  static final int MAX_COMMENT = 4_000;

  private final AlertRepository alerts;
  private final EventReads events;
  private final Audit audit;

  public Alerts(AlertRepository alerts, EventReads events, Audit audit) {
    this.alerts = alerts;
    this.events = events;
    this.audit = audit;
  }

  /** An alert in a list (DESIGN §6.3). */
  public record AlertView(
      String id,
      Map<String, Object> rule,
      String title,
      String severity,
      String status,
      Map<String, Object> entity,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen,
      long eventCount,
      List<String> mitre,
      String incidentId,
      String verdict) {

    public static AlertView of(AlertRecord a) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("key", a.ruleKey());
      rule.put("version", a.ruleVersion());
      Map<String, Object> entity = new LinkedHashMap<>();
      entity.put("kind", a.entityKind());
      entity.put("value", a.entityValue());
      return new AlertView(
          a.id(),
          rule,
          a.title(),
          a.severity(),
          a.status(),
          entity,
          a.group(),
          a.firstSeen(),
          a.lastSeen(),
          a.eventCount(),
          a.mitre(),
          a.incidentId(),
          a.verdict());
    }
  }

  /** One alert with its evidence events and who did what to it. */
  public record AlertDetail(
      String id,
      Map<String, Object> rule,
      String title,
      String severity,
      String status,
      Map<String, Object> entity,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen,
      long eventCount,
      List<String> mitre,
      String incidentId,
      String verdict,
      List<Map<String, Object>> evidence,
      Map<String, Object> feedback,
      String statusBy,
      Instant statusAt) {}

  /** The list's query parameters as received. */
  public record Params(
      String rule,
      String severity,
      String status,
      String entity,
      String from,
      String to,
      Integer limit,
      String cursor) {}

  public record StatusRequest(String status) {}

  public record FeedbackRequest(String verdict, String comment) {}

  public PageView<AlertView> list(Actor actor, Params p) {
    if (p.severity() != null && !AlertRecord.SEVERITIES.contains(p.severity())) {
      throw ApiException.invalid("/severity", "severity must be one of " + AlertRecord.SEVERITIES);
    }
    if (p.status() != null && !AlertRecord.STATUSES.contains(p.status())) {
      throw ApiException.invalid("/status", "status must be one of " + AlertRecord.STATUSES);
    }
    AlertFilter f =
        new AlertFilter(
            p.rule(),
            p.severity(),
            p.status(),
            p.entity(),
            QueryParams.instant("from", p.from()),
            QueryParams.instant("to", p.to()));
    return PageView.of(
        alerts.list(actor.tenant(), f, PageLimits.of(p.limit()), p.cursor()), AlertView::of);
  }

  public AlertDetail get(Actor actor, String id) {
    return detail(actor, find(actor, id));
  }

  public AlertDetail setStatus(Actor actor, String id, StatusRequest body) {
    String status = body == null ? null : body.status();
    if (status == null || !SETTABLE.contains(status)) {
      throw ApiException.invalid("/status", "status must be one of " + SETTABLE);
    }
    AlertRecord before = find(actor, id);
    AlertRecord a = alerts.setStatus(actor.tenant(), id, status, actor.user()).orElseThrow();
    audit.record(
        actor,
        "alert.status",
        "alert/" + id,
        Audit.SUCCESS,
        Map.of("from", before.status(), "to", status));
    return detail(actor, a);
  }

  public AlertDetail feedback(Actor actor, String id, FeedbackRequest body) {
    String verdict = body == null ? null : body.verdict();
    if (verdict == null || !AlertRecord.VERDICTS.contains(verdict)) {
      throw ApiException.invalid("/verdict", "verdict must be one of " + AlertRecord.VERDICTS);
    }
    if (body.comment() != null && body.comment().length() > MAX_COMMENT) {
      throw ApiException.invalid(
          "/comment", "comment must be at most " + MAX_COMMENT + " characters");
    }
    find(actor, id);
    AlertRecord a =
        alerts.feedback(actor.tenant(), id, verdict, body.comment(), actor.user()).orElseThrow();
    audit.record(actor, "alert.feedback", "alert/" + id, Audit.SUCCESS, Map.of("verdict", verdict));
    return detail(actor, a);
  }

  private AlertRecord find(Actor actor, String id) {
    return alerts
        .get(actor.tenant(), id)
        .orElseThrow(() -> ApiException.notFound("no alert '" + id + "'"));
  }

  private AlertDetail detail(Actor actor, AlertRecord a) {
    AlertView v = AlertView.of(a);
    Map<String, Object> feedback = null;
    if (a.verdict() != null) {
      feedback = new LinkedHashMap<>();
      feedback.put("verdict", a.verdict());
      feedback.put("comment", a.feedbackComment());
      feedback.put("by", a.feedbackBy());
      feedback.put("at", a.feedbackAt());
    }
    return new AlertDetail(
        v.id(),
        v.rule(),
        v.title(),
        v.severity(),
        v.status(),
        v.entity(),
        v.group(),
        v.firstSeen(),
        v.lastSeen(),
        v.eventCount(),
        v.mitre(),
        v.incidentId(),
        v.verdict(),
        events.byIds(actor.tenant(), a.evidence()),
        feedback,
        a.statusBy(),
        a.statusAt());
  }
}
