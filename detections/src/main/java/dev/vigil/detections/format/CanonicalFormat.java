package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Event.Actor;
import dev.vigil.detections.event.Event.Target;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.playbook.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code vigil}: the canonical event document itself (DESIGN §6.1). {@code time}, {@code category}
 * and {@code type} are required; {@code category} and {@code outcome} must be in the vocabulary,
 * {@code type} a lower-case identifier (formats may add classes), {@code severity} an integer 0..10
 * (absent: 0), ports integers 0..65535, {@code ip}s IPv4/IPv6 literals. {@code id}, {@code tenant}
 * and {@code ingestedAt} are ignored (ingest assigns them); {@code source.format} is {@code vigil}
 * unless given; {@code raw} is kept when given, else it is the compact JSON of the record. Fields
 * outside the contract are rejected so that a misspelt field is not silently lost. {@code -} and
 * empty strings are absent.
 */
final class CanonicalFormat implements EventFormat {

  static final String NAME = "vigil";

  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "tenant",
          "time",
          "ingestedAt",
          "source",
          "category",
          "type",
          "action",
          "outcome",
          "severity",
          "message",
          "actor",
          "src",
          "dst",
          "target",
          "attributes",
          "raw");
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Event> parse(JsonNode r, ParseContext context) {
    if (r == null || !r.isObject()) {
      throw new RecordException("", "expected a JSON object");
    }
    Iterator<String> names = r.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!FIELDS.contains(n)) {
        throw new RecordException("/" + Json.pointerToken(n), "not a field of the canonical event");
      }
    }
    Draft d = new Draft(NAME);
    String time = required(r, "time");
    d.time = Times.parse(time, context.zone());
    if (d.time == null) {
      throw new RecordException("/time", "time must be an ISO 8601 timestamp");
    }
    JsonNode source = object(r, "source", "");
    if (source != null) {
      String format = string(source, "format", "/source");
      d.format = format != null ? format : NAME;
      d.system = string(source, "system", "/source");
      // integration is assigned by ingest from the connection, like id and tenant
    }
    d.category = required(r, "category");
    if (!Vocabulary.CATEGORIES.contains(d.category)) {
      throw new RecordException("/category", "category must be one of " + Vocabulary.CATEGORIES);
    }
    d.type = required(r, "type");
    if (!TYPE.matcher(d.type).matches()) {
      throw new RecordException("/type", "type must be a lower-case identifier");
    }
    d.action = string(r, "action", "");
    String outcome = string(r, "outcome", "");
    if (outcome != null && !Vocabulary.OUTCOMES.contains(outcome)) {
      throw new RecordException("/outcome", "outcome must be one of " + Vocabulary.OUTCOMES);
    }
    d.outcome = outcome == null ? Vocabulary.UNKNOWN : outcome;
    d.severity = severity(r.get("severity"));
    d.message = string(r, "message", "");
    JsonNode actor = object(r, "actor", "");
    if (actor != null) {
      String name = string(actor, "name", "/actor");
      String type = string(actor, "type", "/actor");
      String domain = string(actor, "domain", "/actor");
      String id = string(actor, "id", "/actor");
      d.actor =
          name == null && type == null && id == null
              ? Actor.NONE
              : new Actor(type == null ? "user" : type, name, domain, id);
    }
    JsonNode src = object(r, "src", "");
    if (src != null) {
      d.srcIp = ip(src, "/src");
      d.srcPort = port(src, "/src");
      d.srcHost = string(src, "host", "/src");
    }
    JsonNode dst = object(r, "dst", "");
    if (dst != null) {
      d.dstIp = ip(dst, "/dst");
      d.dstPort = port(dst, "/dst");
      d.dstHost = string(dst, "host", "/dst");
    }
    JsonNode target = object(r, "target", "");
    if (target != null) {
      String type = string(target, "type", "/target");
      String id = string(target, "id", "/target");
      String name = string(target, "name", "/target");
      d.target =
          type == null && id == null && name == null ? Target.NONE : new Target(type, id, name);
    }
    JsonNode attributes = object(r, "attributes", "");
    if (attributes != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> a = (Map<String, Object>) Json.toJava(attributes);
      d.attributes = new LinkedHashMap<>(a);
    }
    JsonNode raw = r.get("raw");
    if (raw != null && !raw.isNull() && !raw.isTextual()) {
      throw new RecordException("/raw", "raw must be a string");
    }
    d.raw = raw != null && raw.isTextual() ? raw.textValue() : r.toString();
    return List.of(d.build());
  }

  private static String required(JsonNode r, String field) {
    String v = string(r, field, "");
    if (v == null) {
      throw new RecordException("/" + field, field + " is required");
    }
    return v;
  }

  /** An optional string field; {@code -} and empty are absent, other JSON types are errors. */
  private static String string(JsonNode parent, String field, String at) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new RecordException(at + "/" + field, field + " must be a string");
    }
    return Values.absent(n.textValue());
  }

  private static JsonNode object(JsonNode parent, String field, String at) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new RecordException(at + "/" + field, field + " must be an object");
    }
    return n;
  }

  private static int severity(JsonNode n) {
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 10) {
      throw new RecordException("/severity", "severity must be an integer 0..10");
    }
    return n.intValue();
  }

  private static String ip(JsonNode endpoint, String at) {
    String s = string(endpoint, "ip", at);
    if (s != null && !Values.isIp(s)) {
      throw new RecordException(at + "/ip", "not an IPv4 or IPv6 address: " + s);
    }
    return s;
  }

  private static Integer port(JsonNode endpoint, String at) {
    JsonNode n = endpoint.get("port");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() > 65535) {
      throw new RecordException(at + "/port", "port must be an integer 0..65535");
    }
    return n.intValue();
  }
}
