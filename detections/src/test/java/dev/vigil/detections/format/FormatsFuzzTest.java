package dev.vigil.detections.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Randomly broken records of every format give events or a RecordException, never anything else.
 */
class FormatsFuzzTest {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String CHARS = "0123456789:.[]- =@\\/\"{}ÿ\u0000\r\nabcZT+";
  private static final String VIGIL_EXAMPLE =
      """
      {"time": "2016-12-10T06:55:46Z", "source": {"format": "syslog-sshd", "system": "LabSZ"},
       "category": "auth", "type": "authentication", "action": "logon", "outcome": "failure",
       "severity": 3, "actor": {"type": "user", "name": "root"},
       "src": {"ip": "183.62.140.253", "port": 46821}, "dst": {"port": 22, "host": "LabSZ"},
       "target": {"type": "asset", "id": "LabSZ", "name": "LabSZ"},
       "attributes": {"method": "password", "invalidUser": false}}
      """;
  private static final ParseContext CONTEXT =
      ParseContext.utc(Instant.parse("2024-01-01T00:00:00Z"));

  @Test
  void tenThousandMutatedRecordsOnlyEverFailWithRecordException() throws Exception {
    Random random = new Random(20240101L);
    List<String> lines = Datasets.rawLines("auth-logs/loghub-openssh/OpenSSH_2k.log");
    List<JsonNode> windows = new ArrayList<>();
    Datasets.files("windows-events", ".jsonl")
        .forEach(p -> windows.addAll(Datasets.jsonLines(Datasets.relative(p)).subList(0, 2)));
    windows.add(
        Json.parse(
            "{\"Event\":{\"System\":{\"EventID\":{\"#text\":\"4625\"},\"Channel\":\"Security\","
                + "\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"2021-03-04T05:06:07Z\"}}},"
                + "\"EventData\":{\"Data\":[{\"@Name\":\"TargetUserName\",\"#text\":\"a@b\"}]}}}"));
    windows.add(
        Json.parse(
            "{\"@timestamp\":\"2023-05-06T07:08:09Z\",\"winlog\":{\"event_id\":3,"
                + "\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"event_data\":{\"SourceIp\":\"::1\"}}}"));
    List<JsonNode> eve = Datasets.jsonLines("suricata/eve-json-format.examples.jsonl");
    List<JsonNode> wazuh = Datasets.jsonLines("wazuh/alerts/datadog_wazuh_tests_alerts.jsonl");
    List<JsonNode> vigil = List.of(Json.parse(VIGIL_EXAMPLE));

    EventFormat sshd = Formats.byName("syslog-sshd").orElseThrow();
    int runs = 0;
    for (int i = 0; i < 10_000; i++) {
      switch (i % 5) {
        case 0 ->
            check(sshd, TextNode.valueOf(mutate(lines.get(random.nextInt(lines.size())), random)));
        case 1 -> check(format("windows-security"), mutate(pick(windows, random), random));
        case 2 -> check(format("suricata-eve"), mutate(pick(eve, random), random));
        case 3 -> check(format("wazuh-alert"), mutate(pick(wazuh, random), random));
        default -> check(format("vigil"), mutate(pick(vigil, random), random));
      }
      runs++;
    }
    assertThat(runs).isEqualTo(10_000);
  }

  private static EventFormat format(String name) {
    return Formats.byName(name).orElseThrow();
  }

  private static JsonNode pick(List<JsonNode> nodes, Random random) {
    return nodes.get(random.nextInt(nodes.size())).deepCopy();
  }

  private static void check(EventFormat format, JsonNode record) {
    try {
      for (Event e : format.parse(record, CONTEXT)) {
        assertThat(e.severity()).isBetween(0, Vocabulary.MAX_SEVERITY);
        assertThat(Vocabulary.CATEGORIES).contains(e.category());
        assertThat(Vocabulary.OUTCOMES).contains(e.outcome());
        assertThat(e.raw()).isNotNull();
        if (e.src().port() != null) {
          assertThat(e.src().port()).isBetween(0, 65535);
        }
      }
    } catch (RecordException expected) {
      assertThat(expected.pointer()).isNotNull().matches("|/.*");
    } catch (Throwable t) {
      fail(format.name() + " threw " + t + " on " + record, t);
    }
  }

  private static String mutate(String line, Random random) {
    StringBuilder b = new StringBuilder(line);
    int edits = 1 + random.nextInt(4);
    for (int k = 0; k < edits && b.length() > 0; k++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(5)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, CHARS.charAt(random.nextInt(CHARS.length())));
        case 2 -> b.setLength(at);
        case 3 -> b.insert(at, "99999999999");
        default -> b.insert(at, b.substring(0, Math.min(b.length(), 40)));
      }
    }
    return b.toString();
  }

  private static JsonNode mutate(JsonNode record, Random random) {
    if (random.nextInt(20) == 0) {
      return random.nextBoolean() ? TextNode.valueOf(record.toString()) : F.arrayNode().add(record);
    }
    int edits = 1 + random.nextInt(3);
    for (int k = 0; k < edits; k++) {
      ObjectNode parent = randomObject(record, random);
      if (parent == null || parent.isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      parent.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      if (random.nextInt(4) == 0) {
        parent.remove(name);
      } else {
        parent.set(name, randomValue(parent.get(name), random));
      }
    }
    return record;
  }

  /** An object somewhere in the tree (the root or one nested in it). */
  private static ObjectNode randomObject(JsonNode root, Random random) {
    JsonNode n = root;
    ObjectNode last = n.isObject() ? (ObjectNode) n : null;
    for (int depth = 0; depth < 4 && n.isContainerNode() && n.size() > 0; depth++) {
      if (n.isObject()) {
        last = (ObjectNode) n;
        if (random.nextInt(3) == 0) {
          break;
        }
      }
      Iterator<JsonNode> it = n.elements();
      int skip = random.nextInt(n.size());
      JsonNode next = it.next();
      for (int s = 0; s < skip && it.hasNext(); s++) {
        next = it.next();
      }
      n = next;
    }
    return n.isObject() ? (ObjectNode) n : last;
  }

  private static JsonNode randomValue(JsonNode old, Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> F.nullNode();
      case 1 -> F.numberNode(random.nextLong());
      case 2 -> F.numberNode(random.nextDouble() * 1e6);
      case 3 -> F.textNode("-");
      case 4 -> F.textNode("");
      case 5 -> F.booleanNode(random.nextBoolean());
      case 6 -> F.objectNode().put("#text", "x").set("#attributes", F.objectNode());
      case 7 -> {
        ArrayNode a = F.arrayNode();
        a.add(old == null ? F.nullNode() : old);
        yield a;
      }
      case 8 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
      case 9 -> F.textNode(old == null ? "x" : mutate(old.asText(), random));
      case 10 -> F.textNode("1".repeat(random.nextInt(2000)));
      default -> F.textNode("2024-02-30T25:61:61.9999999999+99:99");
    };
  }
}
