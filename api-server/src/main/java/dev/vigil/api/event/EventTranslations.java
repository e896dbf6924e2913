package dev.vigil.api.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical events read as Elastic Common Schema or OCSF ({@code GET /api/v1/events?as=ecs|ocsf}),
 * for tools that speak those. Fields without a place in the target schema stay reachable: under
 * {@code vigil.*} in ECS and {@code unmapped} in OCSF.
 */
final class EventTranslations {

  private EventTranslations() {}

  /** OCSF class of each canonical type: {class_uid, category_uid, class name, category name}. */
  private static final Map<String, Object[]> OCSF_CLASSES =
      Map.ofEntries(
          Map.entry(
              "authentication",
              new Object[] {3002, 3, "Authentication", "Identity & Access Management"}),
          Map.entry(
              "account_lookup",
              new Object[] {3002, 3, "Authentication", "Identity & Access Management"}),
          Map.entry(
              "account_change",
              new Object[] {3001, 3, "Account Change", "Identity & Access Management"}),
          Map.entry(
              "session", new Object[] {3002, 3, "Authentication", "Identity & Access Management"}),
          Map.entry("process", new Object[] {1007, 1, "Process Activity", "System Activity"}),
          Map.entry("file", new Object[] {1001, 1, "File System Activity", "System Activity"}),
          Map.entry(
              "file_change", new Object[] {1001, 1, "File System Activity", "System Activity"}),
          Map.entry(
              "registry", new Object[] {201001, 1, "Registry Key Activity", "System Activity"}),
          Map.entry("image_load", new Object[] {1005, 1, "Module Activity", "System Activity"}),
          Map.entry("network_flow", new Object[] {4001, 4, "Network Activity", "Network Activity"}),
          Map.entry(
              "network_connection", new Object[] {4001, 4, "Network Activity", "Network Activity"}),
          Map.entry("dns", new Object[] {4003, 4, "DNS Activity", "Network Activity"}),
          Map.entry("http", new Object[] {4002, 4, "HTTP Activity", "Network Activity"}),
          Map.entry("tls", new Object[] {4001, 4, "Network Activity", "Network Activity"}),
          Map.entry("network_alert", new Object[] {2004, 2, "Detection Finding", "Findings"}),
          Map.entry("finding", new Object[] {2004, 2, "Detection Finding", "Findings"}),
          Map.entry("vulnerability", new Object[] {2002, 2, "Vulnerability Finding", "Findings"}),
          Map.entry("config_finding", new Object[] {2003, 2, "Compliance Finding", "Findings"}));

  private static final Map<String, List<String>> ECS_CATEGORIES =
      Map.ofEntries(
          Map.entry("authentication", List.of("authentication")),
          Map.entry("account_lookup", List.of("authentication", "iam")),
          Map.entry("account_change", List.of("iam")),
          Map.entry("session", List.of("session")),
          Map.entry("process", List.of("process")),
          Map.entry("file", List.of("file")),
          Map.entry("file_change", List.of("file")),
          Map.entry("registry", List.of("registry")),
          Map.entry("image_load", List.of("library")),
          Map.entry("network_flow", List.of("network")),
          Map.entry("network_connection", List.of("network")),
          Map.entry("dns", List.of("network")),
          Map.entry("http", List.of("network", "web")),
          Map.entry("tls", List.of("network")),
          Map.entry("network_alert", List.of("intrusion_detection", "network")),
          Map.entry("finding", List.of("intrusion_detection")),
          Map.entry("vulnerability", List.of("vulnerability")),
          Map.entry("config_finding", List.of("configuration")));

  @SuppressWarnings("unchecked")
  static Map<String, Object> ecs(Map<String, Object> e) {
    Map<String, Object> src = (Map<String, Object>) e.get("src");
    Map<String, Object> dst = (Map<String, Object>) e.get("dst");
    Map<String, Object> actor = (Map<String, Object>) e.get("actor");
    Map<String, Object> source = (Map<String, Object>) e.get("source");
    Map<String, Object> target = (Map<String, Object>) e.get("target");
    String type = (String) e.get("type");
    boolean alert = "network_alert".equals(type) || "finding".equals(type);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("@timestamp", e.get("time"));
    out.put("message", e.get("message"));
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", e.get("id"));
    event.put("kind", alert ? "alert" : "event");
    event.put("category", ECS_CATEGORIES.getOrDefault(type, List.of()));
    event.put("type", ecsType(type, (String) e.get("action")));
    event.put("action", e.get("action"));
    event.put("outcome", e.get("outcome"));
    event.put("severity", e.get("severity"));
    event.put("ingested", e.get("ingestedAt"));
    event.put("dataset", source.get("format"));
    event.put("original", e.get("raw"));
    out.put("event", event);
    out.put(
        "user",
        compact("name", actor.get("name"), "domain", actor.get("domain"), "id", actor.get("id")));
    out.put("source", endpoint(src));
    out.put("destination", endpoint(dst));
    out.put(
        "host",
        compact("name", target.get("name") != null ? target.get("name") : source.get("system")));
    out.put("observer", compact("name", source.get("system")));
    Map<String, Object> vigil = new LinkedHashMap<>();
    vigil.put("category", e.get("category"));
    vigil.put("type", type);
    vigil.put("tenant", e.get("tenant"));
    vigil.put("attributes", e.get("attributes"));
    out.put("vigil", vigil);
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> ocsf(Map<String, Object> e) {
    String type = (String) e.get("type");
    Object[] cls =
        OCSF_CLASSES.getOrDefault(type, new Object[] {0, 0, "Base Event", "Uncategorized"});
    int classUid = (Integer) cls[0];
    Map<String, Object> src = (Map<String, Object>) e.get("src");
    Map<String, Object> dst = (Map<String, Object>) e.get("dst");
    Map<String, Object> actor = (Map<String, Object>) e.get("actor");
    Map<String, Object> source = (Map<String, Object>) e.get("source");
    int activity = activity(classUid, (String) e.get("action"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("class_uid", classUid);
    out.put("class_name", cls[2]);
    out.put("category_uid", cls[1]);
    out.put("category_name", cls[3]);
    out.put("activity_id", activity);
    out.put("type_uid", classUid * 100L + activity);
    out.put("time", Instant.parse((String) e.get("time")).toEpochMilli());
    out.put("severity_id", severityId(((Number) e.get("severity")).intValue()));
    String outcome = (String) e.get("outcome");
    out.put("status_id", "success".equals(outcome) ? 1 : "failure".equals(outcome) ? 2 : 0);
    out.put(
        "status",
        "success".equals(outcome) ? "Success" : "failure".equals(outcome) ? "Failure" : "Unknown");
    out.put("message", e.get("message"));
    out.put(
        "user",
        compact("name", actor.get("name"), "domain", actor.get("domain"), "uid", actor.get("id")));
    out.put("src_endpoint", ocsfEndpoint(src));
    out.put("dst_endpoint", ocsfEndpoint(dst));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("uid", e.get("id"));
    metadata.put("version", "1.3.0");
    metadata.put(
        "product", compact("name", "Vigil", "feature", compact("name", source.get("format"))));
    metadata.put(
        "logged_time",
        e.get("ingestedAt") == null
            ? null
            : Instant.parse((String) e.get("ingestedAt")).toEpochMilli());
    metadata.put("tenant_uid", e.get("tenant"));
    out.put("metadata", metadata);
    out.put("raw_data", e.get("raw"));
    Map<String, Object> unmapped = new LinkedHashMap<>();
    unmapped.put("category", e.get("category"));
    unmapped.put("type", type);
    unmapped.put("action", e.get("action"));
    unmapped.put("source_system", source.get("system"));
    unmapped.put("attributes", e.get("attributes"));
    out.put("unmapped", unmapped);
    return out;
  }

  private static List<String> ecsType(String type, String action) {
    if ("authentication".equals(type) || "session".equals(type)) {
      return List.of(
          "logoff".equals(action) || "close".equals(action) || "disconnect".equals(action)
              ? "end"
              : "start");
    }
    if ("account_change".equals(type)) {
      return List.of("change", "user");
    }
    return List.of("info");
  }

  /** OCSF Authentication: 1 Logon, 2 Logoff, 99 Other; other classes: 99 (Other) unless known. */
  private static int activity(int classUid, String action) {
    if (classUid == 3002) {
      if ("logon".equals(action)
          || "explicit_credentials".equals(action)
          || "open".equals(action)) {
        return 1;
      }
      if ("logoff".equals(action) || "close".equals(action) || "disconnect".equals(action)) {
        return 2;
      }
      return 99;
    }
    if (classUid == 2004 || classUid == 2002 || classUid == 2003) {
      return 1; // Create
    }
    return 0;
  }

  /** Vigil 0–10 → OCSF 1 Informational … 5 Critical. */
  private static int severityId(int s) {
    if (s <= 1) {
      return 1;
    }
    if (s <= 3) {
      return 2;
    }
    if (s <= 5) {
      return 3;
    }
    if (s <= 8) {
      return 4;
    }
    return 5;
  }

  private static Map<String, Object> endpoint(Map<String, Object> p) {
    return compact("ip", p.get("ip"), "port", p.get("port"), "domain", p.get("host"));
  }

  private static Map<String, Object> ocsfEndpoint(Map<String, Object> p) {
    return compact("ip", p.get("ip"), "port", p.get("port"), "hostname", p.get("host"));
  }

  private static Map<String, Object> compact(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }
}
