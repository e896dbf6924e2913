package dev.vigil.detections.event;

import java.util.List;

/** The closed vocabularies of the canonical event (DESIGN §6.1). */
public final class Vocabulary {
  public static final String SUCCESS = "success";
  public static final String FAILURE = "failure";
  public static final String UNKNOWN = "unknown";

  public static final List<String> OUTCOMES = List.of(SUCCESS, FAILURE, UNKNOWN);

  public static final List<String> CATEGORIES =
      List.of("auth", "endpoint", "network", "cloud", "k8s", "storage", "ops");

  /** Event classes every format maps onto; a format may add its own. */
  public static final List<String> TYPES =
      List.of(
          "authentication",
          "account_lookup",
          "account_change",
          "session",
          "process",
          "registry",
          "image_load",
          "network_alert",
          "network_flow",
          "network_connection",
          "dns",
          "http",
          "tls",
          "file",
          "file_change",
          "config_finding",
          "vulnerability",
          "finding",
          "audit_log",
          "log");

  public static final int MAX_SEVERITY = 10;

  private Vocabulary() {}
}
