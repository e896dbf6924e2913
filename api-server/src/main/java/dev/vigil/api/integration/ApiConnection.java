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
    List<String> warnings) {

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
        warnings);
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
