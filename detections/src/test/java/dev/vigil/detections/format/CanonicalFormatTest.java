package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalFormatTest {

  private static final ParseContext UTC = ParseContext.utc(Instant.parse("2024-01-01T00:00:00Z"));
  private static final String EXAMPLE =
      """
      { "id": "uuid", "tenant": "acme", "time": "2016-12-10T06:55:46Z", "ingestedAt": "2016-12-10T06:56:00Z",
        "source":  { "format": "syslog-sshd", "system": "LabSZ", "integration": null },
        "category": "auth", "type": "authentication", "action": "logon", "outcome": "failure",
        "severity": 3, "message": "Failed password for root from 183.62.140.253 port 46821 ssh2",
        "actor":  { "type": "user", "name": "root", "domain": null, "id": null },
        "src":    { "ip": "183.62.140.253", "port": 46821, "host": null },
        "dst":    { "ip": null, "port": 22, "host": "LabSZ" },
        "target": { "type": "asset", "id": "LabSZ", "name": "LabSZ" },
        "attributes": { "method": "password", "invalidUser": false },
        "raw": "Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root" }
      """;

  private final CanonicalFormat format = new CanonicalFormat();

  private static ObjectNode example() {
    try {
      return (ObjectNode) Json.parse(EXAMPLE);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsTheDesignDocumentBackToTheSameEventWithoutItsIngestFields() {
    Event e = format.parse(example(), UTC).get(0);
    Map<String, Object> expected =
        Json.normalizeMap(Json.MAPPER.convertValue(example(), Map.class));
    expected.put("id", null);
    expected.put("tenant", null);
    expected.put("ingestedAt", null);
    assertThat(e.toMap()).isEqualTo(expected);
  }

  @Test
  void formatDefaultsToVigilAndMissingPartsAreAbsent() {
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("time", "2024-01-02 03:04:05.5+0530").put("category", "endpoint").put("type", "my_class");
    r.put("message", "-");
    Event e = format.parse(r, UTC).get(0);
    assertThat(e.source().format()).isEqualTo("vigil");
    assertThat(e.time()).isEqualTo(Instant.parse("2024-01-01T21:34:05.5Z"));
    assertThat(e.outcome()).isEqualTo("unknown");
    assertThat(e.message()).isNull();
    assertThat(e.raw()).isEqualTo(r.toString());
    assertThat(e.src()).isEqualTo(Event.Endpoint.NONE);
  }

  @Test
  void rejectsEachBadFieldWithItsPointer() {
    assertBad(r -> r.remove("time"), "/time");
    assertBad(r -> r.put("time", "10/12/2016"), "/time");
    assertBad(r -> r.remove("category"), "/category");
    assertBad(r -> r.put("category", "physical"), "/category");
    assertBad(r -> r.put("type", ""), "/type");
    assertBad(r -> r.put("type", "Has Spaces"), "/type");
    assertBad(r -> r.put("outcome", "maybe"), "/outcome");
    assertBad(r -> r.put("severity", 11), "/severity");
    assertBad(r -> r.put("severity", 2.5), "/severity");
    assertBad(r -> r.put("severity", "3"), "/severity");
    assertBad(r -> ((ObjectNode) r.get("src")).put("ip", "183.62.140.256"), "/src/ip");
    assertBad(r -> ((ObjectNode) r.get("src")).put("ip", "example.com"), "/src/ip");
    assertBad(r -> ((ObjectNode) r.get("dst")).put("ip", "1:2:3:4:5:6:7:8:9"), "/dst/ip");
    assertBad(r -> ((ObjectNode) r.get("dst")).put("port", 65536), "/dst/port");
    assertBad(r -> ((ObjectNode) r.get("dst")).put("port", -1), "/dst/port");
    assertBad(r -> ((ObjectNode) r.get("actor")).put("name", 5), "/actor/name");
    assertBad(r -> r.put("attributes", "x"), "/attributes");
    assertBad(r -> r.put("src", "1.2.3.4"), "/src");
    assertBad(r -> r.put("sevrity", 1), "/sevrity");
    assertBad(r -> r.put("raw", 1), "/raw");
  }

  @Test
  void rejectsWhatIsNotAnObject() throws Exception {
    for (String json : new String[] {"\"x\"", "[]", "1", "null"}) {
      JsonNode r = Json.parse(json);
      assertThatThrownBy(() -> format.parse(r, UTC))
          .isInstanceOfSatisfying(RecordException.class, e -> assertThat(e.pointer()).isEmpty());
    }
  }

  private void assertBad(java.util.function.Consumer<ObjectNode> change, String pointer) {
    ObjectNode r = example();
    change.accept(r);
    assertThatThrownBy(() -> format.parse(r, UTC))
        .as(pointer)
        .isInstanceOfSatisfying(
            RecordException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
  }
}
