package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SuricataEveFormatTest {

  private static final String MALICIOUS = "suricata/test6-malicious.suricata.json";
  private static final String EXAMPLES = "suricata/eve-json-format.examples.jsonl";
  private static final ParseContext UTC = ParseContext.utc(Instant.parse("2024-01-01T00:00:00Z"));
  private static final DateTimeFormatter EVE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx");

  private final SuricataEveFormat format = new SuricataEveFormat();

  private static String expectedType(String eventType) {
    return switch (eventType) {
      case "alert" -> "network_alert";
      case "flow" -> "network_flow";
      case "dns", "http", "tls" -> eventType;
      case "fileinfo" -> "file";
      default -> "log";
    };
  }

  private static int expectedSeverity(JsonNode r) {
    if (!r.get("event_type").asText().equals("alert")) {
      return r.get("event_type").asText().equals("anomaly") ? 2 : 1;
    }
    return switch (r.path("alert").path("severity").asInt()) {
      case 1 -> 8;
      case 2 -> 5;
      case 3 -> 3;
      default -> 2;
    };
  }

  @Test
  void mapsEveryEventOfTheStratosphereCapture() {
    List<JsonNode> records = Datasets.jsonLines(MALICIOUS);
    assertThat(records).hasSize(5000);
    Map<String, Long> expected = new TreeMap<>();
    records.forEach(r -> expected.merge(expectedType(r.get("event_type").asText()), 1L, Long::sum));
    assertThat(expected).containsEntry("network_alert", 745L);
    Parsed p = Parsed.of(format, records, UTC);
    assertThat(p.rejected()).isEmpty();
    assertThat(p.countBy(Event::type)).isEqualTo(expected);
    for (int i = 0; i < records.size(); i++) {
      JsonNode r = records.get(i);
      Event e = p.events().get(i);
      assertThat(e.time())
          .isEqualTo(OffsetDateTime.parse(r.get("timestamp").asText(), EVE).toInstant());
      assertThat(e.severity()).isEqualTo(expectedSeverity(r));
      assertThat(e.src().ip()).isEqualTo(r.get("src_ip").asText());
      assertThat(e.src().port()).isEqualTo(r.get("src_port").asInt());
      assertThat(e.dst().ip()).isEqualTo(r.get("dest_ip").asText());
      assertThat(e.dst().port()).isEqualTo(r.get("dest_port").asInt());
      assertThat(e.source().system()).isEqualTo(r.get("host").asText());
      assertThat(e.category()).isEqualTo("network");
      assertThat(e.attributes()).doesNotContainKeys("timestamp", "src_ip", "dest_port");
      r.fieldNames()
          .forEachRemaining(
              k -> {
                if (!k.equals("timestamp") && !k.startsWith("src_") && !k.startsWith("dest_")) {
                  assertThat(e.attributes()).containsEntry(k, Json.toJava(r.get(k)));
                }
              });
      if (e.type().equals("network_alert")) {
        assertThat(e.message()).isEqualTo(r.path("alert").path("signature").asText());
        assertThat(e.action()).isEqualTo(r.path("alert").path("action").asText());
      }
    }
  }

  @Test
  void readsTheEveFormatExamples() {
    List<JsonNode> records = Datasets.jsonLines(EXAMPLES);
    Parsed p = Parsed.of(format, records, UTC);
    assertThat(p.rejected()).isEmpty();
    assertThat(p.events()).hasSize(records.size());
    long anomalies =
        records.stream().filter(r -> r.get("event_type").asText().equals("anomaly")).count();
    assertThat(p.countBy(Parsed::typeAction).get("log/anomaly")).isEqualTo(anomalies);
    Event early =
        p.events().stream()
            .filter(e -> e.time().toString().startsWith("1970"))
            .findFirst()
            .orElseThrow();
    assertThat(early.time()).isEqualTo(Instant.parse("1970-01-01T00:04:21Z"));
    assertThat(p.events())
        .anySatisfy(
            e -> assertThat(e.src().ip()).isEqualTo("0000:0000:0000:0000:0000:0000:0000:0001"));
  }

  @Test
  void blockedAlertsFailAndEveryOffsetFormReads() throws Exception {
    ObjectNode r =
        (ObjectNode)
            Json.parse(
                "{\"timestamp\":\"2021-06-06T15:57:03.430271+0530\",\"event_type\":\"alert\",\"in_iface\":\"eth0\","
                    + "\"src_ip\":\"1.2.3.4\",\"src_port\":\"80\",\"dest_ip\":\"not-an-ip\",\"dest_port\":70000,"
                    + "\"alert\":{\"action\":\"blocked\",\"severity\":1,\"signature\":\"X\"}}");
    Event e = format.parse(r, UTC).get(0);
    assertThat(e.time()).isEqualTo(Instant.parse("2021-06-06T10:27:03.430271Z"));
    assertThat(e.outcome()).isEqualTo("failure");
    assertThat(e.severity()).isEqualTo(8);
    assertThat(e.source().system()).isEqualTo("eth0");
    assertThat(e.src()).isEqualTo(new Event.Endpoint("1.2.3.4", 80, null));
    assertThat(e.dst()).isEqualTo(Event.Endpoint.NONE);
    r.put("timestamp", "2021-06-06T15:57:03");
    assertThat(
            format
                .parse(r, new ParseContext(null, java.time.ZoneId.of("Asia/Kolkata"), null))
                .get(0)
                .time())
        .isEqualTo(Instant.parse("2021-06-06T10:27:03Z"));
    r.put("timestamp", "2021-06-06T15:57:03.4+05:30");
    assertThat(format.parse(r, UTC).get(0).time())
        .isEqualTo(Instant.parse("2021-06-06T10:27:03.4Z"));
  }

  @Test
  void rejectsRecordsWithoutTimestampOrEventType() throws Exception {
    assertPointer("{\"event_type\":\"alert\"}", "/timestamp");
    assertPointer("{\"timestamp\":1623000000,\"event_type\":\"alert\"}", "/timestamp");
    assertPointer("{\"timestamp\":\"2021-06-06T15:57:03Z\"}", "/event_type");
    assertPointer("{\"timestamp\":\"2021-06-06T15:57:03Z\",\"event_type\":[]}", "/event_type");
    assertPointer("\"a line\"", "");
  }

  private void assertPointer(String json, String pointer) throws Exception {
    JsonNode r = Json.parse(json);
    assertThatThrownBy(() -> format.parse(r, UTC))
        .isInstanceOfSatisfying(
            RecordException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
  }
}
