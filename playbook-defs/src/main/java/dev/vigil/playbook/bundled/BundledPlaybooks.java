package dev.vigil.playbook.bundled;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The playbooks shipped with Vigil ({@code playbooks/*.json} on the classpath). */
public final class BundledPlaybooks {

  /** Keys of the bundled playbooks; each lives at {@code playbooks/<key>.json}. */
  public static final List<String> KEYS =
      List.of(
          "enrich-ip",
          "contain-ssh-brute-force",
          "verify-suspicious-login",
          "phishing-triage",
          "compromised-account-containment",
          "vulnerability-follow-up",
          "escalate-unacknowledged-alert",
          "incident-containment",
          "incident-notify",
          "incident-log",
          "wazuh-restart-agent",
          "wazuh-active-response");

  private BundledPlaybooks() {}

  /** key → JSON definition, in {@link #KEYS} order. */
  public static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      out.put(key, read(key));
    }
    return out;
  }

  public static String read(String key) {
    return text("playbooks/" + key + ".json", "no bundled playbook " + key);
  }

  /** A text resource of the classpath; {@code missing} is the error when it is not there. */
  public static String text(String path, String missing) {
    try (InputStream in = BundledPlaybooks.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException(missing);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
