package dev.vigil.detections.format;

import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.Event.Actor;
import dev.vigil.detections.event.Event.Endpoint;
import dev.vigil.detections.event.Event.Source;
import dev.vigil.detections.event.Event.Target;
import dev.vigil.detections.event.Vocabulary;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mutable event under construction, local to one {@code parse} call, so parsers set the fields
 * they know and leave the rest absent. ids, tenant and ingestedAt stay null: ingest assigns them.
 */
final class Draft {
  Instant time;
  String format;
  String system;
  String category;
  String type;
  String action;
  String outcome = Vocabulary.UNKNOWN;
  int severity;
  String message;
  Actor actor = Actor.NONE;
  String srcIp;
  Integer srcPort;
  String srcHost;
  String dstIp;
  Integer dstPort;
  String dstHost;
  Target target = Target.NONE;
  Map<String, Object> attributes = new LinkedHashMap<>();
  String raw;

  Draft(String format) {
    this.format = format;
  }

  Draft classify(String category, String type, String action, String outcome, int severity) {
    this.category = category;
    this.type = type;
    this.action = action;
    this.outcome = outcome;
    this.severity = severity;
    return this;
  }

  Event build() {
    return new Event(
        null,
        null,
        time,
        null,
        new Source(format, system, null),
        category,
        type,
        action,
        outcome,
        Math.max(0, Math.min(Vocabulary.MAX_SEVERITY, severity)),
        message,
        actor,
        endpoint(srcIp, srcPort, srcHost),
        endpoint(dstIp, dstPort, dstHost),
        target,
        Collections.unmodifiableMap(attributes),
        raw);
  }

  private static Endpoint endpoint(String ip, Integer port, String host) {
    return ip == null && port == null && host == null
        ? Endpoint.NONE
        : new Endpoint(ip, port, host);
  }
}
