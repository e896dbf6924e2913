package dev.vigil.detections.sigma;

import static dev.vigil.detections.sigma.Sigma.matches;
import static dev.vigil.detections.sigma.Sigma.win;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationTest {

  private static final String FAILED =
      """
      ---
      title: Failed logon
      id: 5638f7c0-ac70-491d-8465-2a65075e0d86
      name: failed
      tags: [attack.t1110.001]
      logsource:
        product: windows
        service: security
      detection:
        selection:
          EventID: 4625
        condition: selection
      """;

  private static final String SUCCESS =
      """
      ---
      title: Success
      name: success
      logsource:
        product: windows
        service: security
      detection:
        selection:
          EventID: 4624
        condition: selection
      """;

  private static Translation correlation(String body) {
    return Sigma.translate(
        "title: Corr\nlevel: high\ncorrelation:\n" + Sigma.indent(body) + FAILED);
  }

  private static Translation both(String body) {
    return Sigma.translate("title: Corr\ncorrelation:\n" + Sigma.indent(body) + FAILED + SUCCESS);
  }

  @Test
  void eventCountGteAndGtBecomeThresholds() {
    Translation gte =
        correlation(
            "type: event_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 5m\ncondition:\n  gte: 5");
    assertThat(gte.problems()).isEmpty();
    Map<String, Object> r = gte.rule();
    assertThat(r.get("kind")).isEqualTo("threshold");
    assertThat(r.get("threshold")).isEqualTo(Map.of("count", 5L, "window", "5m"));
    assertThat(r.get("groupBy")).isEqualTo(List.of("src.ip"));
    assertThat(r.get("mitre")).isEqualTo(List.of("T1110.001"));
    assertThat(r.get("entity")).isEqualTo(Map.of("kind", "ip", "value", "${{ event.src.ip }}"));
    assertThat(r.get("severity")).isEqualTo("high");
    String f = (String) r.get("filter");
    assertThat(matches(f, win("Channel", "Security", "EventID", 4625L))).isTrue();
    assertThat(matches(f, win("Channel", "Security", "EventID", 4624L))).isFalse();
    Translation gt =
        correlation(
            "type: event_count\nrules: [5638f7c0-ac70-491d-8465-2a65075e0d86]\ngroup-by: [IpAddress]\ntimespan: 90s\ncondition:\n  gt: 5");
    assertThat(gt.problems()).isEmpty();
    assertThat(gt.rule().get("threshold")).isEqualTo(Map.of("count", 6L, "window", "90s"));
  }

  @Test
  void atMostAndExactlyAreFindings() {
    for (String op : List.of("lt", "lte", "eq")) {
      Translation t =
          correlation(
              "type: event_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 5m\ncondition:\n  "
                  + op
                  + ": 5");
      assertThat(Sigma.pointers(t)).as(op).containsExactly("/0/correlation/condition/" + op);
    }
    Translation range =
        correlation(
            "type: event_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 5m\ncondition:\n  gt: 5\n  lte: 9");
    assertThat(Sigma.pointers(range)).containsExactly("/0/correlation/condition/lte");
  }

  @Test
  void valueCountBecomesDistinctOverTheMappedField() {
    Translation t =
        correlation(
            "type: value_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 1h\ncondition:\n  field: TargetUserName\n  gte: 3");
    assertThat(t.problems()).isEmpty();
    assertThat(t.rule().get("kind")).isEqualTo("distinct");
    assertThat(t.rule().get("distinct"))
        .isEqualTo(Map.of("field", "actor.name", "count", 3L, "window", "1h"));
  }

  @Test
  void temporalIsAnUnorderedSequence() {
    Translation t =
        both("type: temporal\nrules: [failed, success]\ngroup-by: [TargetUserName]\ntimespan: 10m");
    assertThat(t.problems()).isEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> seq = (Map<String, Object>) t.rule().get("sequence");
    assertThat(seq.get("ordered")).isEqualTo(false);
    assertThat((List<?>) seq.get("steps")).hasSize(2);
    Translation ordered =
        both(
            "type: temporal_ordered\nrules: [failed, success]\ngroup-by: [TargetUserName]\ntimespan: 10m");
    @SuppressWarnings("unchecked")
    Map<String, Object> oseq = (Map<String, Object>) ordered.rule().get("sequence");
    assertThat(oseq.get("ordered")).isEqualTo(true);
  }

  @Test
  void unreferencedDocumentsAliasesAndBadSpansAreFindings() {
    Translation unused =
        correlation(
            "type: event_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 5m\ncondition:\n  gte: 5");
    assertThat(unused.problems()).isEmpty();
    Translation t =
        Sigma.translate(
            "title: C\ncorrelation:\n  type: event_count\n  rules: [failed]\n  group-by: [x]\n  timespan: 5 minutes\n"
                + "  aliases:\n    ip:\n      failed: IpAddress\n  condition:\n    gte: 2\n"
                + FAILED
                + SUCCESS);
    assertThat(Sigma.pointers(t))
        .containsExactlyInAnyOrder("/0/correlation/aliases", "/0/correlation/timespan", "/2");
  }

  @Test
  void severalTopLevelRulesAreAFinding() {
    Translation t = Sigma.translate(FAILED + SUCCESS);
    assertThat(Sigma.pointers(t)).containsExactly("");
  }

  @Test
  void legacyAggregations() {
    String base =
        "title: L\nlogsource:\n  product: windows\n  service: security\ndetection:\n  sel:\n    EventID: 4625\n  timeframe: 10m\n  condition: ";
    Translation count = Sigma.translate(base + "sel | count() by IpAddress >= 20");
    assertThat(count.problems()).isEmpty();
    assertThat(count.rule().get("kind")).isEqualTo("threshold");
    assertThat(count.rule().get("threshold")).isEqualTo(Map.of("count", 20L, "window", "10m"));
    assertThat(count.rule().get("groupBy")).isEqualTo(List.of("src.ip"));
    Translation distinct = Sigma.translate(base + "sel | count(TargetUserName) by IpAddress > 3");
    assertThat(distinct.rule().get("distinct"))
        .isEqualTo(Map.of("field", "actor.name", "count", 4L, "window", "10m"));
    assertThat(Sigma.pointers(Sigma.translate(base + "sel | count() by IpAddress < 3")))
        .containsExactly("/detection/condition");
    assertThat(Sigma.pointers(Sigma.translate(base + "sel | max(LogonType) > 3")))
        .containsExactly("/detection/condition");
    assertThat(Sigma.pointers(Sigma.translate(base + "sel | near other")))
        .containsExactly("/detection/condition");
  }
}
