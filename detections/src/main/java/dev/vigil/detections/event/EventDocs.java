package dev.vigil.detections.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads back a stored event document ({@link Event#toMap()} as JSON). The document was written by
 * Vigil, so it is trusted: this is not the {@code vigil} ingest format, which validates input.
 */
public final class EventDocs {

  private EventDocs() {}

  public static String write(Event e) {
    return Json.write(e.toMap());
  }

  @SuppressWarnings("unchecked")
  public static Event read(JsonNode d) {
    JsonNode src = d.path("src");
    JsonNode dst = d.path("dst");
    Object attrs = Json.toJava(d.path("attributes"));
    return new Event(
        text(d, "id"),
        text(d, "tenant"),
        Instant.parse(d.path("time").asText()),
        d.hasNonNull("ingestedAt") ? Instant.parse(d.get("ingestedAt").asText()) : null,
        new Event.Source(
            text(d.path("source"), "format"),
            text(d.path("source"), "system"),
            text(d.path("source"), "integration")),
        text(d, "category"),
        text(d, "type"),
        text(d, "action"),
        text(d, "outcome"),
        d.path("severity").asInt(0),
        text(d, "message"),
        new Event.Actor(
            text(d.path("actor"), "type"),
            text(d.path("actor"), "name"),
            text(d.path("actor"), "domain"),
            text(d.path("actor"), "id")),
        endpoint(src),
        endpoint(dst),
        new Event.Target(
            text(d.path("target"), "type"),
            text(d.path("target"), "id"),
            text(d.path("target"), "name")),
        attrs instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>(),
        text(d, "raw"));
  }

  private static Event.Endpoint endpoint(JsonNode n) {
    return new Event.Endpoint(
        text(n, "ip"), n.hasNonNull("port") ? n.get("port").asInt() : null, text(n, "host"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
