package dev.vigil.activities.connection;

import java.util.Map;

/**
 * A connection as an activity uses it: its configuration and its secrets in clear. It lives only
 * inside the activity that resolved it; {@link #toString} leaves the secrets out so that it can
 * never be logged with them.
 *
 * @param tenant the tenant it belongs to
 * @param name its name
 * @param provider its provider, e.g. {@code wazuh}
 * @param version its configuration version (a changed connection is a new version)
 * @param config its configuration, as the provider's schema accepted it
 * @param secrets its secrets by name
 */
public record ResolvedConnection(
    String tenant,
    String name,
    String provider,
    int version,
    Map<String, Object> config,
    Map<String, String> secrets) {

  public ResolvedConnection {
    config = Map.copyOf(config);
    secrets = Map.copyOf(secrets);
  }

  /** A secret, or null when it is not set. */
  public String secret(String name) {
    return secrets.get(name);
  }

  @Override
  public String toString() {
    return "Connection["
        + tenant
        + "/"
        + name
        + " "
        + provider
        + " v"
        + version
        + ", secrets "
        + secrets.keySet()
        + "]";
  }
}
