package dev.vigil.activities.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Settings of {@code http.request}.
 *
 * @param allowedHosts hosts requests may go to: exact names ({@code api.example.com}), wildcard
 *     subdomains ({@code *.example.com}), optionally with a port ({@code 127.0.0.1:8089}); {@code
 *     *} allows every host. Empty (the default) allows none.
 * @param defaultTimeout request timeout when the step gives none
 * @param maxResponseBytes responses larger than this fail the step
 */
public record HttpSettings(
    List<String> allowedHosts, Duration defaultTimeout, int maxResponseBytes) {

  public HttpSettings {
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
    defaultTimeout = defaultTimeout == null ? Duration.ofSeconds(30) : defaultTimeout;
    maxResponseBytes = maxResponseBytes <= 0 ? 1024 * 1024 : maxResponseBytes;
  }

  /** True when {@code host} (with {@code port}, -1 for the scheme default) may be called. */
  public boolean allows(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String rule : allowedHosts) {
      if (rule.equals("*")) {
        return true;
      }
      String ruleHost = rule;
      Integer rulePort = null;
      int colon = rule.lastIndexOf(':');
      if (colon > 0 && rule.indexOf(']') < colon) {
        ruleHost = rule.substring(0, colon);
        rulePort = Integer.valueOf(rule.substring(colon + 1));
      }
      if (rulePort != null && rulePort != port) {
        continue;
      }
      if (ruleHost.startsWith("*.") ? h.endsWith(ruleHost.substring(1)) : h.equals(ruleHost)) {
        return true;
      }
    }
    return false;
  }
}
