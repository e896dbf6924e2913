package dev.vigil.api.integration;

import dev.vigil.store.connection.ConnectionRepository.ConnectionRecord;
import dev.vigil.store.connection.ConnectionRepository.ConnectionVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connection as the API shows it: its configuration and the names of the secrets that are set —
 * never a secret's value.
 *
 * @param warnings what an operator should know, e.g. that TLS verification is off
 * @param interactionsUrl Slack connections: the Request URL to paste into the Slack app's
 *     Interactivity settings (unique per connection; how a signed click finds it)
 */
public record ApiConnection(
    String name,
    String provider,
    Map<String, Object> config,
    List<String> secrets,
    int version,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt,
    List<String> warnings,
    String interactionsUrl) {

  /** Where Slack sends a connection's interactions, under the API's base URL. */
  static final String INTERACTIONS = "/api/v1/slack/interactions/";

  static ApiConnection of(ConnectionRecord r) {
    List<String> warnings = new ArrayList<>();
    if (Boolean.FALSE.equals(r.config().get("verifyTls"))) {
      warnings.add("TLS verification is off: the server's identity is not checked");
    }
    return new ApiConnection(
        r.name(),
        r.provider(),
        r.config(),
        r.secretNames(),
        r.version(),
        r.createdBy(),
        r.createdAt(),
        r.updatedBy(),
        r.updatedAt(),
        warnings,
        "slack".equals(r.provider()) ? base() + INTERACTIONS + r.publicId() : null);
  }

  /** The API's base URL as the caller reached it (behind a proxy: its forwarded headers). */
  private static String base() {
    try {
      return org.springframework.web.servlet.support.ServletUriComponentsBuilder
          .fromCurrentContextPath()
          .toUriString();
    } catch (IllegalStateException outsideARequest) {
      return "";
    }
  }

  /** One version of the configuration, for history, diff and rollback. */
  public record Version(
      int version,
      Map<String, Object> config,
      List<String> secrets,
      String change,
      String changedBy,
      Instant changedAt) {
    static Version of(ConnectionVersion v) {
      return new Version(
          v.version(), v.config(), v.secretNames(), v.change(), v.changedBy(), v.changedAt());
    }
  }
}
