package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WazuhAlertFormatTest {

  private static final ParseContext UTC = ParseContext.utc(Instant.parse("2025-01-01T00:00:00Z"));
  private final WazuhAlertFormat format = new WazuhAlertFormat();

  private static List<JsonNode> alerts() {
    List<JsonNode> all =
        new ArrayList<>(Datasets.jsonLines("wazuh/alerts/datadog_wazuh_tests_alerts.jsonl"));
    all.addAll(Datasets.jsonLines("wazuh/alerts/wazuh_integratord_sample_alert_5712.json"));
    return all;
  }

  /** The class DESIGN and the brief give each group set, decided here without the parser. */
  private static String expectedClass(JsonNode r) {
    Set<String> g = new HashSet<>();
    r.path("rule").path("groups").forEach(x -> g.add(x.asText()));
    String outcome =
        g.contains("authentication_failed") || g.contains("authentication_failures")
            ? "failure"
            : g.contains("authentication_success") ? "success" : "unknown";
    String type =
        g.contains("syscheck")
            ? "storage/file_change"
            : g.contains("sca")
                ? "ops/config_finding"
                : g.contains("vulnerability-detector")
                    ? "ops/vulnerability"
                    : g.contains("rootcheck")
                        ? "endpoint/finding"
                        : g.contains("sshd") || g.contains("pam")
                            ? "auth/finding"
                            : "endpoint/finding";
    return type + "/" + outcome;
  }

  @Test
  void mapsTheDatasetAlertsByRuleGroups() {
    List<JsonNode> records = alerts();
    assertThat(records).hasSize(9);
    Map<String, Long> expected = new TreeMap<>();
    records.forEach(r -> expected.merge(expectedClass(r), 1L, Long::sum));
    Parsed p = Parsed.of(format, records, UTC);
    assertThat(p.rejected()).isEmpty();
    assertThat(p.countBy(e -> e.category() + "/" + e.type() + "/" + e.outcome()))
        .isEqualTo(expected);
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      Event e = p.events().get(i);
      int level = r.path("rule").path("level").asInt();
      assertThat(e.severity()).isEqualTo((int) Math.round(level * 10.0 / 15));
      assertThat(e.message()).isEqualTo(r.path("rule").path("description").asText());
      assertThat(e.target().name()).isEqualTo(r.path("agent").path("name").asText());
      assertThat(e.source().system()).isEqualTo(r.path("manager").path("name").asText());
      assertThat(e.attributes()).containsEntry("rule", Json.toJava(r.get("rule")));
      assertThat(e.attributes()).containsEntry("agent", Json.toJava(r.get("agent")));
      if (r.path("data").has("srcip")) {
        assertThat(e.src().ip()).isEqualTo(r.path("data").path("srcip").asText());
      }
      if (r.path("data").has("dstuser")) {
        assertThat(e.actor().name()).isEqualTo(r.path("data").path("dstuser").asText());
      }
    }
  }

  @Test
  void timestampsWithoutOffsetAreInTheContextZone() {
    Event e =
        format
            .parse(
                Datasets.jsonLines("wazuh/alerts/datadog_wazuh_tests_alerts.jsonl").get(0),
                new ParseContext(null, ZoneId.of("Asia/Kolkata"), null))
            .get(0);
    assertThat(e.time()).isEqualTo(Instant.parse("2024-09-23T00:25:30Z"));
    Event sshd =
        format
            .parse(Datasets.jsonLines("wazuh/alerts/datadog_wazuh_tests_alerts.jsonl").get(7), UTC)
            .get(0);
    assertThat(sshd.time()).isEqualTo(Instant.parse("2024-09-18T10:01:44.788Z"));
    assertThat(sshd.outcome()).isEqualTo("failure");
    assertThat(sshd.category()).isEqualTo("auth");
  }

  @Test
  void windowsAlertsTakeTheActorFromEventdataAndClampSeverity() throws Exception {
    JsonNode r =
        Json.parse(
            """
        {"timestamp":"2024-01-01T00:00:00.000+0000","rule":{"level":15,"description":"x","groups":["windows","win_authentication_failed"]},
         "agent":{"name":"dc1"},"data":{"win":{"eventdata":{"targetUserName":"bob@corp.local"}},"srcip":"-"}}
        """);
    Event e = format.parse(r, UTC).get(0);
    assertThat(e.severity()).isEqualTo(10);
    assertThat(e.outcome()).isEqualTo("failure");
    assertThat(e.actor()).isEqualTo(Event.Actor.user("bob", "corp.local"));
    assertThat(e.src()).isEqualTo(Event.Endpoint.NONE);
    assertThat(e.source().system()).isEqualTo("dc1");
  }

  @Test
  void rejectsAlertsWithoutTimestampOrRule() throws Exception {
    for (String[] c :
        new String[][] {
          {"{\"rule\":{}}", "/timestamp"},
          {"{\"timestamp\":\"24-09-23\",\"rule\":{}}", "/timestamp"},
          {"{\"timestamp\":\"2024-09-23T05:55:30\"}", "/rule"},
          {"{\"timestamp\":\"2024-09-23T05:55:30\",\"rule\":{\"level\":\"high\"}}", "/rule/level"},
          {"7", ""}
        }) {
      JsonNode r = Json.parse(c[0]);
      assertThatThrownBy(() -> format.parse(r, UTC))
          .as(c[0])
          .isInstanceOfSatisfying(
              RecordException.class, e -> assertThat(e.pointer()).isEqualTo(c[1]));
    }
  }
}
