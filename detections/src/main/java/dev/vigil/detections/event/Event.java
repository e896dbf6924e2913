package dev.vigil.detections.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical security event (OCSF-aligned, flat enough for rules). Parsers produce events
 * without {@code id}, {@code tenant} and {@code ingestedAt}; ingest assigns them. {@code raw} keeps
 * the original record and {@code attributes} the source's own fields under their own names, so
 * rules can address what normalisation does not cover.
 *
 * @param severity 0–10
 */
public record Event(
    String id,
    String tenant,
    Instant time,
    Instant ingestedAt,
    Source source,
    String category,
    String type,
    String action,
    String outcome,
    int severity,
    String message,
    Actor actor,
    Endpoint src,
    Endpoint dst,
    Target target,
    Map<String, Object> attributes,
    String raw) {

  public Event {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(type, "type");
    outcome = outcome == null ? Vocabulary.UNKNOWN : outcome;
    actor = actor == null ? Actor.NONE : actor;
    src = src == null ? Endpoint.NONE : src;
    dst = dst == null ? Endpoint.NONE : dst;
    target = target == null ? Target.NONE : target;
    attributes = attributes == null ? Map.of() : attributes;
  }

  /** Where the event came from: its format, the system that produced it, the connection. */
  public record Source(String format, String system, String integration) {}

  /** The account whose credentials were used or tried. */
  public record Actor(String type, String name, String domain, String id) {
    public static final Actor NONE = new Actor(null, null, null, null);

    public static Actor user(String name, String domain) {
      return name == null ? NONE : new Actor("user", name, domain, null);
    }
  }

  /** A network end: where activity came from ({@code src}) or what it reached ({@code dst}). */
  public record Endpoint(String ip, Integer port, String host) {
    public static final Endpoint NONE = new Endpoint(null, null, null);
  }

  /** What the activity was aimed at. */
  public record Target(String type, String id, String name) {
    public static final Target NONE = new Target(null, null, null);

    public static Target asset(String host) {
      return host == null ? NONE : new Target("asset", host, host);
    }
  }

  /** The same event with the fields ingest assigns. */
  /**
   * This event as ingested through the connection {@code connection} ({@code source.integration}).
   */
  public Event withIntegration(String connection) {
    return new Event(
        id,
        tenant,
        time,
        ingestedAt,
        new Source(source.format(), source.system(), connection),
        category,
        type,
        action,
        outcome,
        severity,
        message,
        actor,
        src,
        dst,
        target,
        attributes,
        raw);
  }

  public Event identified(String newId, String newTenant, Instant newIngestedAt) {
    return new Event(
        newId,
        newTenant,
        time,
        newIngestedAt,
        source,
        category,
        type,
        action,
        outcome,
        severity,
        message,
        actor,
        src,
        dst,
        target,
        attributes,
        raw);
  }

  /**
   * The event as the JSON document of the contract (every field present, nulls kept), which is also
   * what rule expressions see as {@code event}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("tenant", tenant);
    m.put("time", time.toString());
    m.put("ingestedAt", ingestedAt == null ? null : ingestedAt.toString());
    m.put(
        "source",
        map(
            "format",
            source.format(),
            "system",
            source.system(),
            "integration",
            source.integration()));
    m.put("category", category);
    m.put("type", type);
    m.put("action", action);
    m.put("outcome", outcome);
    m.put("severity", (long) severity);
    m.put("message", message);
    m.put(
        "actor",
        map(
            "type",
            actor.type(),
            "name",
            actor.name(),
            "domain",
            actor.domain(),
            "id",
            actor.id()));
    m.put("src", endpoint(src));
    m.put("dst", endpoint(dst));
    m.put("target", map("type", target.type(), "id", target.id(), "name", target.name()));
    m.put("attributes", attributes);
    m.put("raw", raw);
    return m;
  }

  private static Map<String, Object> endpoint(Endpoint e) {
    return map(
        "ip", e.ip(), "port", e.port() == null ? null : e.port().longValue(), "host", e.host());
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
