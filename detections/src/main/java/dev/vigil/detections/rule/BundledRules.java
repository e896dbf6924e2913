package dev.vigil.detections.rule;

import dev.vigil.playbook.bundled.BundledPlaybooks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detection rules shipped with Vigil ({@code detections/<key>.json} on the classpath),
 * published into every tenant and on by default.
 */
public final class BundledRules {

  public static final List<String> KEYS =
      List.of(
          "login-new-origin",
          "login-failures-per-source",
          "login-outside-hours",
          "login-burst-per-user",
          "login-failures-per-user",
          "login-failures-then-success",
          "password-spray",
          "suricata-high-severity",
          "wazuh-high-severity",
          "scan-new-exposed-service",
          "dlp-sensitive-data-in-file");

  private BundledRules() {}

  /** key → JSON document, in {@link #KEYS} order. */
  public static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      out.put(key, read(key));
    }
    return out;
  }

  public static String read(String key) {
    return BundledPlaybooks.text("detections/" + key + ".json", "no bundled rule " + key);
  }
}
