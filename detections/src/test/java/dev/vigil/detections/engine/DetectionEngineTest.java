package dev.vigil.detections.engine;

import static dev.vigil.detections.engine.Events.login;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.engine.AlertChange.Folded;
import dev.vigil.detections.engine.AlertChange.Opened;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.playbook.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
  static final String FAILED =
      "${{ event.type == 'authentication' && event.outcome == 'failure' }}";

  static CompiledRule rule(String json) {
    try {
      JsonNode doc = Json.parse(json);
      RuleReport r = RuleValidator.validate(doc);
      assertThat(r.findings()).as("rule findings").isEmpty();
      return CompiledRule.of(r.rule(), 1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static DetectionEngine engine(String... rules) {
    List<CompiledRule> c = new ArrayList<>();
    for (String r : rules) {
      c.add(rule(r));
    }
    return new DetectionEngine("acme", ZoneOffset.UTC, c);
  }

  static List<AlertChange> feed(DetectionEngine engine, List<Event> events) {
    List<AlertChange> out = new ArrayList<>();
    events.forEach(e -> out.addAll(engine.process(e)));
    return out;
  }

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static final String BRUTE =
      """
      {"key": "ssh-brute", "title": "brute", "kind": "threshold", "severity": "high",
       "filter": "%s", "groupBy": ["src.ip"], "threshold": {"count": 5, "window": "5m"},
       "suppress": "1h", "entity": {"kind": "ip", "value": "${{ event.src.ip }}"}}
      """
          .formatted(FAILED);

  @Test
  void thresholdFiresOnTheEventThatReachesTheCountAndFoldsRepeats() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i * 10)));
    }
    List<AlertChange> out = feed(engine, events);
    assertThat(out).hasSize(4);
    Opened o = (Opened) out.get(0);
    assertThat(o.eventIds()).containsExactly(ids(events.subList(0, 5)));
    assertThat(o.eventCount()).isEqualTo(5);
    assertThat(o.firstSeen()).isEqualTo(at(0));
    assertThat(o.lastSeen()).isEqualTo(at(40));
    assertThat(o.entityKind()).isEqualTo("ip");
    assertThat(o.entityValue()).isEqualTo("10.0.0.9");
    assertThat(o.group()).containsEntry("src.ip", "10.0.0.9");
    assertThat(out.subList(1, 4)).allSatisfy(c -> assertThat(c.alertId()).isEqualTo(o.alertId()));
    assertThat(out.subList(1, 4)).allMatch(c -> c instanceof Folded);
  }

  @Test
  void thresholdWindowSlidesOnEventTime() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i * 60)));
    }
    // the fifth is 5 min after the first: (t − 5m, t] no longer holds the first one
    events.add(login("failure", "root", "10.0.0.9", at(300)));
    assertThat(feed(engine, events)).isEmpty();
    // a sixth 10 s later makes five within the window again
    assertThat(engine.process(login("failure", "root", "10.0.0.9", at(310)))).hasSize(1);
  }

  @Test
  void successesAndOtherSourcesDoNotCount() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i)));
      events.add(login("success", "root", "10.0.0.9", at(i)));
      events.add(login("failure", "root", "10.0.0." + (20 + i), at(i)));
    }
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void aLateEventCompletesTheWindowItBelongsTo() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i * 10)));
    }
    assertThat(feed(engine, events)).isEmpty();
    Event late = login("failure", "root", "10.0.0.9", at(0), at(100));
    List<AlertChange> out = engine.process(late);
    assertThat(out).hasSize(1);
    assertThat(((Opened) out.get(0)).firstSeen()).isEqualTo(at(0));
  }

  @Test
  void aBackfillFromLastYearIsDetectedOnItsOwnTimes() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> today = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      today.add(login("failure", "root", "10.0.0.9", at(i)));
    }
    assertThat(feed(engine, today)).hasSize(1);
    Instant lastYear = T0.minus(Duration.ofDays(365));
    List<Event> old = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      old.add(login("failure", "root", "10.0.0.9", lastYear.plusSeconds(i), at(60)));
    }
    List<AlertChange> out = feed(engine, old);
    assertThat(out).hasSize(2);
    Opened o = (Opened) out.get(0);
    assertThat(o.firstSeen()).isEqualTo(lastYear);
    assertThat(out.get(1)).isInstanceOf(Folded.class);
  }

  @Test
  void afterSuppressionAGroupOpensANewAlert() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i)));
    }
    for (int i = 0; i < 5; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(2 * 3600 + i)));
    }
    List<AlertChange> out = feed(engine, events);
    assertThat(out).hasSize(2).allMatch(c -> c instanceof Opened);
    assertThat(out.get(0).alertId()).isNotEqualTo(out.get(1).alertId());
  }

  @Test
  void eventsWithoutAGroupValueAreNotCounted() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(login("failure", "root", null, at(i)));
    }
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void distinctCountsDifferentValuesOnly() {
    DetectionEngine engine =
        engine(
            """
            {"key": "spray", "title": "spray", "kind": "distinct", "severity": "high",
             "filter": "%s", "groupBy": ["src.ip"],
             "distinct": {"field": "actor.name", "count": 3, "window": "10m"}}
            """
                .formatted(FAILED));
    List<Event> same = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      same.add(login("failure", "root", "10.0.0.9", at(i)));
    }
    assertThat(feed(engine, same)).isEmpty();
    assertThat(engine.process(login("failure", "alice", "10.0.0.9", at(20)))).isEmpty();
    List<AlertChange> out = engine.process(login("failure", "bob", "10.0.0.9", at(30)));
    assertThat(out).hasSize(1);
    // a value counts at its latest sighting: the evidence is one event per account
    assertThat(((Opened) out.get(0)).eventCount()).isEqualTo(3);
    assertThat(((Opened) out.get(0)).firstSeen()).isEqualTo(at(9));
  }

  @Test
  void aLateValueCompletesTheDistinctWindowsAfterIt() {
    DetectionEngine engine =
        engine(
            """
            {"key": "spray", "title": "spray", "kind": "distinct", "severity": "high",
             "filter": "%s", "groupBy": ["src.ip"],
             "distinct": {"field": "actor.name", "count": 3, "window": "10m"}}
            """
                .formatted(FAILED));
    assertThat(engine.process(login("failure", "a", "10.0.0.9", at(0)))).isEmpty();
    assertThat(engine.process(login("failure", "b", "10.0.0.9", at(100)))).isEmpty();
    assertThat(engine.process(login("failure", "b", "10.0.0.9", at(500)))).isEmpty();
    // c happened at 50 s and arrives (within the lateness) after everything else
    List<AlertChange> out = engine.process(login("failure", "c", "10.0.0.9", at(50), at(550)));
    assertThat(out).hasSize(1);
    assertThat(((Opened) out.get(0)).firstSeen()).isEqualTo(at(0));
    assertThat(((Opened) out.get(0)).eventCount()).isEqualTo(3);
  }

  @Test
  void theSameLogImportedTwiceFoldsIntoTheFirstImportsAlert() {
    DetectionEngine engine = engine(BRUTE);
    List<Event> first = new ArrayList<>();
    List<Event> again = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      first.add(login("failure", "root", "10.0.0.9", at(i)));
      again.add(login("failure", "root", "10.0.0.9", at(i), at(5_000)));
    }
    List<AlertChange> out = feed(engine, first);
    out.addAll(feed(engine, again));
    assertThat(out.stream().filter(c -> c instanceof Opened)).hasSize(1);
    assertThat(out).hasSize(1 + 1_995 + 2_000);
  }

  @Test
  void newValueLearnsThenFiresOnUnseenValues() {
    DetectionEngine engine =
        engine(
            """
            {"key": "new-origin", "title": "new origin", "kind": "new_value", "severity": "medium",
             "filter": "${{ event.outcome == 'success' }}", "groupBy": ["actor.name"],
             "new_value": {"field": "src.ip", "learning": "1h"}}
            """);
    assertThat(engine.process(login("success", "alice", "10.0.0.1", at(0)))).isEmpty();
    assertThat(engine.process(login("success", "alice", "10.0.0.2", at(600)))).isEmpty();
    assertThat(engine.process(login("success", "alice", "10.0.0.1", at(4000)))).isEmpty();
    List<AlertChange> out = engine.process(login("success", "alice", "10.0.0.3", at(4100)));
    assertThat(out).hasSize(1);
    assertThat(((Opened) out.get(0)).group()).containsEntry("actor.name", "alice");
    // after learning, a user never seen before is new too
    assertThat(engine.process(login("success", "bob", "10.0.0.1", at(4200)))).hasSize(1);
    // a known value stays quiet
    assertThat(engine.process(login("success", "alice", "10.0.0.3", at(9000)))).isEmpty();
  }

  @Test
  void outsideHoursUsesTheRuleTimezoneAndWrapsMidnight() {
    DetectionEngine engine =
        engine(
            """
            {"key": "night", "title": "night", "kind": "outside_hours", "severity": "low",
             "filter": "${{ event.outcome == 'success' }}", "groupBy": ["actor.name"],
             "outside_hours": {"from": "22:00", "to": "06:00", "timezone": "Europe/Paris",
               "days": ["sun"]}, "suppress": "1m"}
            """);
    // 2026-11-30 is a Monday. 21:30Z = 22:30 in Paris (UTC+1 in winter)
    assertThat(engine.process(login("success", "a", "1.1.1.1", i("2026-11-30T21:30:00Z"))))
        .hasSize(1);
    assertThat(engine.process(login("success", "b", "1.1.1.1", i("2026-11-30T04:59:00Z"))))
        .hasSize(1);
    assertThat(engine.process(login("success", "c", "1.1.1.1", i("2026-11-30T05:00:00Z"))))
        .isEmpty();
    assertThat(engine.process(login("success", "d", "1.1.1.1", i("2026-11-30T12:00:00Z"))))
        .isEmpty();
    assertThat(engine.process(login("success", "e", "1.1.1.1", i("2026-11-29T12:00:00Z"))))
        .as("Sunday")
        .hasSize(1);
  }

  @Test
  void outsideHoursFallsBackToTheTenantTimezone() {
    CompiledRule r =
        rule(
            """
            {"key": "night", "title": "night", "kind": "outside_hours", "severity": "low",
             "outside_hours": {"from": "22:00", "to": "06:00"}}
            """);
    DetectionEngine tokyo = new DetectionEngine("acme", ZoneId.of("Asia/Tokyo"), List.of(r));
    // 14:00Z is 23:00 in Tokyo
    assertThat(tokyo.process(login("success", "a", "1.1.1.1", i("2026-11-30T14:00:00Z"))))
        .hasSize(1);
    DetectionEngine utc = new DetectionEngine("acme", ZoneOffset.UTC, List.of(r));
    assertThat(utc.process(login("success", "a", "1.1.1.1", i("2026-11-30T14:00:00Z")))).isEmpty();
  }

  static final String FAIL_THEN_SUCCESS =
      """
      {"key": "fail-then-success", "title": "f/s", "kind": "sequence", "severity": "high",
       "groupBy": ["src.ip"], "sequence": {"window": "10m", "steps": [
         {"filter": "%s", "count": 3},
         {"filter": "${{ event.outcome == 'success' }}"}]}}
      """
          .formatted(FAILED);

  @Test
  void sequenceNeedsTheStepsInOrderWithinTheWindow() {
    DetectionEngine engine = engine(FAIL_THEN_SUCCESS);
    List<Event> events = new ArrayList<>();
    events.add(login("success", "root", "10.0.0.9", at(0)));
    events.add(login("failure", "root", "10.0.0.9", at(10)));
    events.add(login("failure", "root", "10.0.0.9", at(20)));
    assertThat(feed(engine, events)).isEmpty();
    assertThat(engine.process(login("success", "root", "10.0.0.9", at(30))))
        .as("only two failures before the success")
        .isEmpty();
    assertThat(engine.process(login("failure", "root", "10.0.0.9", at(40)))).isEmpty();
    List<AlertChange> out = engine.process(login("success", "root", "10.0.0.9", at(50)));
    assertThat(out).hasSize(1);
    assertThat(((Opened) out.get(0)).eventCount()).isEqualTo(4);
  }

  @Test
  void sequenceOutsideItsWindowDoesNotFire() {
    DetectionEngine engine = engine(FAIL_THEN_SUCCESS);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(login("failure", "root", "10.0.0.9", at(i)));
    }
    events.add(login("success", "root", "10.0.0.9", at(601)));
    assertThat(feed(engine, events)).isEmpty();
  }

  @Test
  void unorderedSequenceAcceptsAnyOrder() {
    DetectionEngine engine =
        engine(FAIL_THEN_SUCCESS.replace("\"10m\",", "\"10m\", \"ordered\": false,"));
    List<Event> events = new ArrayList<>();
    events.add(login("success", "root", "10.0.0.9", at(0)));
    events.add(login("failure", "root", "10.0.0.9", at(10)));
    events.add(login("failure", "root", "10.0.0.9", at(20)));
    assertThat(feed(engine, events)).isEmpty();
    assertThat(engine.process(login("failure", "root", "10.0.0.9", at(30)))).hasSize(1);
  }

  @Test
  void matchRaisesEveryEventButFoldsItsGroupWhileSuppressed() {
    DetectionEngine engine =
        engine(
            """
            {"key": "any-success", "title": "s", "kind": "match", "severity": "info",
             "filter": "${{ event.outcome == 'success' }}", "groupBy": ["actor.name"],
             "suppress": "10m"}
            """);
    List<AlertChange> out =
        feed(
            engine,
            List.of(
                login("success", "a", "1.1.1.1", at(0)),
                login("success", "a", "1.1.1.1", at(60)),
                login("success", "b", "1.1.1.1", at(60)),
                login("success", "a", "1.1.1.1", at(60 + 601))));
    assertThat(out)
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly("Opened", "Folded", "Opened", "Opened");
  }

  @Test
  void aFilterThatFailsOnAnEventIsCountedNotMatched() {
    DetectionEngine engine =
        engine(
            """
            {"key": "bad", "title": "bad", "kind": "match", "severity": "info",
             "filter": "${{ event.attributes.missing == 'x' }}"}
            """);
    assertThat(engine.process(login("success", "a", "1.1.1.1", at(0)))).isEmpty();
    assertThat(engine.stats().get("bad").errors).isEqualTo(1);
    assertThat(engine.stats().get("bad").lastError).contains("missing");
  }

  @Test
  void restoredStateGivesTheSameAlertsAsAnUninterruptedRun() throws Exception {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String ip = "10.0.0." + (i % 7);
      String user = "u" + (i % 5);
      events.add(login(i % 9 == 0 ? "success" : "failure", user, ip, at(i * 7)));
    }
    DetectionEngine whole = engine(BRUTE, FAIL_THEN_SUCCESS);
    List<AlertChange> expected = feed(whole, events);
    assertThat(expected).isNotEmpty();

    DetectionEngine first = engine(BRUTE, FAIL_THEN_SUCCESS);
    List<AlertChange> got = new ArrayList<>(feed(first, events.subList(0, 173)));
    java.util.Map<String, String> stored = new java.util.LinkedHashMap<>();
    for (DetectionEngine.StateChange c : first.drainDirty()) {
      stored.put(
          c.ruleKey() + "|" + c.groupKey(), c.state() == null ? null : Json.write(c.state()));
    }
    java.util.Map<String, Long> meta = new java.util.HashMap<>();
    first.meta().forEach((k, s) -> meta.put(k, s.firstEventAt));

    DetectionEngine second = engine(BRUTE, FAIL_THEN_SUCCESS);
    meta.forEach((k, v) -> second.restoreMeta(k, 1, v));
    for (var en : stored.entrySet()) {
      if (en.getValue() != null) {
        String[] parts = en.getKey().split("\\|", 2);
        second.restore(
            parts[0], 1, parts[1], Json.MAPPER.readValue(en.getValue(), GroupState.class));
      }
    }
    got.addAll(feed(second, events.subList(173, events.size())));
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void stateIsForgottenOnceItsWindowAndLatenessHavePassed() {
    DetectionEngine engine = engine(BRUTE);
    for (int i = 0; i < 100_000; i++) {
      engine.process(login("failure", "root", ipOf(i), at(i / 1000)));
    }
    assertThat(engine.meta().get("ssh-brute").groups).hasSize(100_000);
    engine.drainDirty();
    Instant later = at(100).plus(DetectionEngine.LATENESS).plusSeconds(120);
    engine.process(login("failure", "root", "192.0.2.1", later));
    assertThat(engine.meta().get("ssh-brute").groups).hasSize(1);
    assertThat(engine.drainDirty())
        .hasSize(100_001)
        .filteredOn(c -> c.state() == null)
        .hasSize(100_000);
  }

  static String ipOf(int i) {
    return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
  }

  static Instant i(String s) {
    return Instant.parse(s);
  }

  static String[] ids(List<Event> events) {
    return events.stream().map(Event::id).toArray(String[]::new);
  }
}
