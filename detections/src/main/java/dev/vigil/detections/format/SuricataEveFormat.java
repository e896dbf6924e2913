package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code suricata-eve}: one Suricata EVE JSON object. {@code timestamp} and {@code event_type} are
 * required. Classes by {@code event_type}: {@code alert} → {@code network_alert} (severity from
 * {@code alert.severity}: 1 → 8, 2 → 5, 3 → 3, else 2; message = {@code alert.signature}; action =
 * {@code alert.action}, {@code allowed} or {@code blocked}), {@code flow} → {@code network_flow},
 * {@code dns}, {@code http}, {@code tls}, {@code fileinfo} → {@code file}, {@code anomaly} → {@code
 * log} with action {@code anomaly}, anything else → {@code log}; all category {@code network}.
 * {@code src}/{@code dst} are the 5-tuple's ends; {@code source.system} the sensor's {@code host},
 * else {@code in_iface}; {@code attributes} every field of the object except {@code timestamp},
 * {@code src_ip}, {@code src_port}, {@code dest_ip} and {@code dest_port}.
 */
final class SuricataEveFormat implements EventFormat {

  static final String NAME = "suricata-eve";

  private static final Set<String> LIFTED =
      Set.of("timestamp", "src_ip", "src_port", "dest_ip", "dest_port");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Event> parse(JsonNode r, ParseContext context) {
    Instant time = Times.required(r, "timestamp", context);
    JsonNode et = r.get("event_type");
    if (et == null || !et.isTextual() || Values.absent(et.textValue()) == null) {
      throw new RecordException("/event_type", "event_type must be a non-empty string");
    }
    String eventType = et.textValue().strip();
    Draft d = new Draft(NAME);
    d.time = time;
    d.raw = r.toString();
    String host = Values.text(r.get("host"));
    d.system = host != null ? host : Values.text(r.get("in_iface"));
    d.srcIp = Values.ip(Values.text(r.get("src_ip")));
    d.srcPort = Values.port(r.get("src_port"));
    d.dstIp = Values.ip(Values.text(r.get("dest_ip")));
    d.dstPort = Values.port(r.get("dest_port"));
    Iterator<Map.Entry<String, JsonNode>> it = r.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!LIFTED.contains(e.getKey())) {
        d.attributes.put(e.getKey(), Json.toJava(e.getValue()));
      }
    }
    switch (eventType) {
      case "alert" -> alert(d, r.path("alert"));
      case "flow" -> d.classify("network", "network_flow", null, Vocabulary.UNKNOWN, 1);
      case "dns" -> {
        d.classify("network", "dns", Values.text(r.path("dns").get("type")), Vocabulary.UNKNOWN, 1);
        d.message = Values.text(r.path("dns").get("rrname"));
      }
      case "http" -> {
        JsonNode http = r.path("http");
        d.classify("network", "http", Values.text(http.get("http_method")), Vocabulary.UNKNOWN, 1);
        String hostname = Values.text(http.get("hostname"));
        String url = Values.text(http.get("url"));
        d.message = url == null ? hostname : hostname == null ? url : hostname + url;
      }
      case "tls" -> {
        d.classify("network", "tls", null, Vocabulary.UNKNOWN, 1);
        d.message = Values.text(r.path("tls").get("sni"));
      }
      case "fileinfo" -> {
        d.classify("network", "file", "transfer", Vocabulary.UNKNOWN, 1);
        d.message = Values.text(r.path("fileinfo").get("filename"));
      }
      case "anomaly" -> {
        d.classify("network", "log", "anomaly", Vocabulary.UNKNOWN, 2);
        d.message = Values.text(r.path("anomaly").get("event"));
      }
      default -> d.classify("network", "log", eventType, Vocabulary.UNKNOWN, 1);
    }
    return List.of(d.build());
  }

  private static void alert(Draft d, JsonNode alert) {
    JsonNode sev = alert.get("severity");
    int severity = 2;
    if (sev != null && sev.canConvertToInt()) {
      severity =
          switch (sev.asInt()) {
            case 1 -> 8;
            case 2 -> 5;
            case 3 -> 3;
            default -> 2;
          };
    }
    String action = Values.text(alert.get("action"));
    // "blocked" means the packet was dropped (IPS): the attempt failed; "allowed" says nothing
    String outcome = "blocked".equals(action) ? Vocabulary.FAILURE : Vocabulary.UNKNOWN;
    d.classify("network", "network_alert", action, outcome, severity);
    d.message = Values.text(alert.get("signature"));
  }
}
