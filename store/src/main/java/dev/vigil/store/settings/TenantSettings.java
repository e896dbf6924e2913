package dev.vigil.store.settings;

import java.util.Map;

/**
 * A tenant's settings used by the SOC loop.
 *
 * @param sourceSilence source ({@code format} or {@code format/system}) → longest silence allowed,
 *     as a duration text ({@code 1h}); {@code "*"} applies to every source without its own entry
 * @param agentDisconnectedAfter how long a Wazuh agent may stay disconnected before an alert is
 *     raised about it (duration text; {@link #DEFAULT_AGENT_DISCONNECTED_AFTER} when null)
 */
public record TenantSettings(
    String timezone,
    int retentionDays,
    Map<String, Object> sourceSilence,
    String agentDisconnectedAfter) {

  public static final String DEFAULT_AGENT_DISCONNECTED_AFTER = "1h";

  public static final TenantSettings DEFAULTS =
      new TenantSettings("UTC", 30, Map.of(), DEFAULT_AGENT_DISCONNECTED_AFTER);

  public TenantSettings {
    agentDisconnectedAfter =
        agentDisconnectedAfter == null ? DEFAULT_AGENT_DISCONNECTED_AFTER : agentDisconnectedAfter;
  }

  /**
   * The longest silence allowed to a source: the entry for {@code format/system}, else for {@code
   * format}, else {@code "*"}; null when none applies (the source is not watched).
   */
  public String silenceFor(String format, String system) {
    Object v = sourceSilence.get(format + "/" + system);
    if (v == null) {
      v = sourceSilence.get(format);
    }
    if (v == null) {
      v = sourceSilence.get("*");
    }
    return v == null ? null : v.toString();
  }
}
