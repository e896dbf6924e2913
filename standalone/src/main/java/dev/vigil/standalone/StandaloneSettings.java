package dev.vigil.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the standalone app starts, from the environment.
 *
 * @param dataDir VIGIL_DATA_DIR (default ./data): the embedded PostgreSQL cluster lives under it
 * @param port VIGIL_PORT (default 8080): HTTP port of the API
 * @param temporalPort VIGIL_EMBEDDED_TEMPORAL_PORT (default 7233): port of the embedded Temporal
 * @param temporalAddress VIGIL_TEMPORAL_ADDRESS: use this Temporal instead of the embedded one
 * @param dbUrl VIGIL_DB_URL: use this PostgreSQL instead of the embedded one
 */
public record StandaloneSettings(
    Path dataDir, int port, int temporalPort, String temporalAddress, String dbUrl) {

  public static StandaloneSettings fromEnvironment(Map<String, String> env) {
    return new StandaloneSettings(
        Path.of(env.getOrDefault("VIGIL_DATA_DIR", "data")).toAbsolutePath(),
        intOf(env, "VIGIL_PORT", 8080),
        intOf(env, "VIGIL_EMBEDDED_TEMPORAL_PORT", 7233),
        blankToNull(env.get("VIGIL_TEMPORAL_ADDRESS")),
        blankToNull(env.get("VIGIL_DB_URL")));
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0 || n > 65535) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number 0-65535, not '" + v + "'");
    }
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
