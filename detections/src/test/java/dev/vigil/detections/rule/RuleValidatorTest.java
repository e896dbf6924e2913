package dev.vigil.detections.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detections.rule.DetectionRule.Threshold;
import dev.vigil.playbook.validation.Finding;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleValidatorTest {

  static final String DESIGN_EXAMPLE =
      """
      { "key": "ssh-brute-force", "title": "SSH brute force from one source", "kind": "threshold",
        "severity": "high", "mitre": ["T1110.001"],
        "filter": "${{ event.type == 'authentication' && event.outcome == 'failure' }}",
        "groupBy": ["src.ip"], "threshold": { "count": 5, "window": "5m" },
        "suppress": "1h", "entity": { "kind": "ip", "value": "${{ event.src.ip }}" } }
      """;

  @Test
  void acceptsTheContractExample() {
    RuleReport r = RuleValidator.validate(DESIGN_EXAMPLE);
    assertThat(r.findings()).isEmpty();
    assertThat(r.rule().kind()).isEqualTo(new Threshold(5, Duration.ofMinutes(5)));
    assertThat(r.rule().groupBy()).containsExactly("src.ip");
    assertThat(r.rule().suppress()).isEqualTo(Duration.ofHours(1));
    assertThat(r.rule().enabled()).isTrue();
  }

  @Test
  void everyBundledRuleIsValid() {
    BundledRules.all()
        .forEach(
            (key, text) -> {
              RuleReport r = RuleValidator.validate(text);
              assertThat(r.findings()).as(key).isEmpty();
              assertThat(r.rule().key()).isEqualTo(key);
              assertThat(r.rule().mitre()).as(key + " carries MITRE ids").isNotEmpty();
            });
  }

  @Test
  void pointsAtTheBadField() {
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"5m\"", "\"five minutes\"")))
        .containsExactly("/threshold/window");
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"src.ip\"]", "\"src.address\"]")))
        .containsExactly("/groupBy/0");
    assertThat(pointers(DESIGN_EXAMPLE.replace("event.type ==", "event.type ===")))
        .containsExactly("/filter");
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"high\"", "\"severe\"")))
        .containsExactly("/severity");
    assertThat(pointers(DESIGN_EXAMPLE.replace("T1110.001", "brute"))).containsExactly("/mitre/0");
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"threshold\": {", "\"limit\": {"))).contains("");
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"${{ event.src.ip }}\"", "\"${{ event.src. }}\"")))
        .containsExactly("/entity/value");
    assertThat(pointers(DESIGN_EXAMPLE.replace("\"5m\"", "\"30d\"")))
        .containsExactly("/threshold/window");
  }

  @Test
  void filterMustBeOneExpression() {
    RuleReport r =
        RuleValidator.validate(
            DESIGN_EXAMPLE.replace(
                "\"${{ event.type == 'authentication' && event.outcome == 'failure' }}\"",
                "\"type is ${{ event.type }}\""));
    assertThat(r.errors()).extracting(Finding::pointer).containsExactly("/filter");
  }

  @Test
  void reportsJsonSyntaxWithItsPosition() {
    RuleReport r = RuleValidator.validate("{\"key\": \"x\",\n \"title\": }");
    assertThat(r.errors())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("line 2"));
  }

  @Test
  void checksKindSpecificParts() {
    String base =
        """
        {"key": "k1", "title": "t", "severity": "low", %s}
        """;
    assertThat(pointers(base.formatted("\"kind\": \"threshold\""))).containsExactly("");
    assertThat(
            pointers(
                base.formatted(
                    "\"kind\": \"outside_hours\", \"outside_hours\": {\"from\": \"22:00\","
                        + " \"to\": \"06:00\", \"timezone\": \"Mars/Olympus\"}")))
        .containsExactly("/outside_hours/timezone");
    assertThat(
            pointers(
                base.formatted(
                    "\"kind\": \"outside_hours\", \"outside_hours\": {\"from\": \"25:00\","
                        + " \"to\": \"06:00\"}")))
        .containsExactly("/outside_hours/from");
    assertThat(
            pointers(
                base.formatted(
                    "\"kind\": \"distinct\", \"groupBy\": [\"src.ip\"], \"distinct\": {\"field\":"
                        + " \"src.ip\", \"count\": 3, \"window\": \"5m\"}")))
        .containsExactly("/distinct/field");
    assertThat(
            pointers(
                base.formatted(
                    "\"kind\": \"sequence\", \"sequence\": {\"window\": \"5m\", \"steps\": ["
                        + "{\"filter\": \"${{ true }}\"}, {\"filter\": \"${{ event.x ) }}\"}]}")))
        .containsExactly("/sequence/steps/1/filter");
  }

  static java.util.List<String> pointers(String text) {
    return RuleValidator.validate(text).errors().stream().map(Finding::pointer).toList();
  }
}
