package dev.vigil.api.detection;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.QueryParams;
import dev.vigil.detections.engine.AlertChange;
import dev.vigil.detections.engine.CompiledRule;
import dev.vigil.detections.engine.DetectionEngine;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.store.detection.RuleVersion;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.settings.TenantSettingsRepository;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * {@code POST /api/v1/detections/{key}/test}: runs a rule (its latest version, on or off) over the
 * tenant's stored events in a time range, in a fresh engine, and answers what it would raise.
 * Nothing is stored and no alert is raised — engineers try a rule before turning it on.
 */
@Service
public class RuleTests {

  /** Events one test reads at most; a longer range answers {@code truncated: true}. */
  static final int MAX_EVENTS = 200_000;

  static final Duration MAX_RANGE = Duration.ofDays(31);

  private final Detections detections;
  private final EventReads events;
  private final TenantSettingsRepository settings;

  public RuleTests(Detections detections, EventReads events, TenantSettingsRepository settings) {
    this.detections = detections;
    this.events = events;
    this.settings = settings;
  }

  /** The range to test over (ISO instants; default: the last 24 hours). */
  public record TestRequest(String from, String to) {}

  /** One alert the rule would raise. */
  public record WouldRaise(
      Map<String, Object> rule,
      String title,
      String severity,
      Map<String, Object> entity,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen,
      long eventCount,
      List<String> evidence) {}

  public record TestResult(List<WouldRaise> alerts, long events, boolean truncated) {}

  public TestResult test(Actor actor, String key, TestRequest body) {
    Instant to =
        body == null || body.to() == null ? Instant.now() : QueryParams.instant("to", body.to());
    Instant from =
        body == null || body.from() == null
            ? to.minus(Duration.ofHours(24))
            : QueryParams.instant("from", body.from());
    if (!from.isBefore(to)) {
      throw ApiException.invalid("/to", "to must be after from");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiException.invalid("/from", "a test covers at most 31 days");
    }
    RuleVersion v = detections.find(actor, key, null);
    RuleReport report = RuleValidator.validate(v.definition());
    if (!report.valid()) {
      throw ApiException.conflict(
          "invalid-rule",
          "the stored rule no longer validates: " + report.errors().get(0).format());
    }
    DetectionEngine engine =
        new DetectionEngine(
            actor.tenant(), zone(actor), List.of(CompiledRule.of(report.rule(), v.version())));
    Map<String, Acc> raised = new LinkedHashMap<>();
    long[] read = {0};
    events.scan(
        actor.tenant(),
        from,
        to,
        MAX_EVENTS,
        e -> {
          read[0]++;
          for (AlertChange c : engine.process(e)) {
            if (c instanceof AlertChange.Opened o) {
              raised.put(o.alertId(), new Acc(o));
            } else if (c instanceof AlertChange.Folded f) {
              raised.get(f.alertId()).fold(f);
            }
          }
        });
    List<WouldRaise> out = new ArrayList<>();
    raised.values().forEach(a -> out.add(a.view()));
    return new TestResult(out, read[0], read[0] >= MAX_EVENTS);
  }

  private ZoneId zone(Actor actor) {
    try {
      return ZoneId.of(settings.get(actor.tenant()).timezone());
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  private static final class Acc {
    final AlertChange.Opened opened;
    long count;
    Instant first;
    Instant last;
    final List<String> evidence;

    Acc(AlertChange.Opened o) {
      opened = o;
      count = o.eventCount();
      first = o.firstSeen();
      last = o.lastSeen();
      evidence = new ArrayList<>(o.eventIds());
    }

    void fold(AlertChange.Folded f) {
      count++;
      first = f.time().isBefore(first) ? f.time() : first;
      last = f.time().isAfter(last) ? f.time() : last;
      if (evidence.size() < DetectionEngine.EVIDENCE) {
        evidence.add(f.eventId());
      }
    }

    WouldRaise view() {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("key", opened.ruleKey());
      rule.put("version", opened.ruleVersion());
      Map<String, Object> entity = new LinkedHashMap<>();
      entity.put("kind", opened.entityKind());
      entity.put("value", opened.entityValue());
      return new WouldRaise(
          rule,
          opened.title(),
          opened.severity(),
          entity,
          opened.group(),
          first,
          last,
          count,
          evidence);
    }
  }
}
