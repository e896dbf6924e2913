package dev.vigil.activities.wazuh;

import dev.vigil.activities.connection.ResolvedConnection;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach one Wazuh manager: a {@code wazuh} connection's configuration and secrets.
 *
 * @param managerUrl the manager API, e.g. {@code https://wazuh.example.com:55000}
 * @param verifyTls verify the server's certificate and host name (on unless turned off explicitly)
 * @param caCert PEM of the CA to trust instead of the JVM's, or null
 * @param timeout timeout of each request
 * @param username API user
 * @param password its password
 * @param blastRadius how many agents one active response may reach without an approval before it
 */
public record WazuhSettings(
    URI managerUrl,
    boolean verifyTls,
    String caCert,
    Duration timeout,
    String username,
    String password,
    int blastRadius) {

  public static final String PROVIDER = "wazuh";

  /** The default of {@code blastRadius} in the provider's schema. */
  public static final int DEFAULT_BLAST_RADIUS = 5;

  public WazuhSettings {
    String u = managerUrl.toString();
    if (u.endsWith("/")) {
      managerUrl = URI.create(u.substring(0, u.length() - 1));
    }
  }

  public static WazuhSettings of(ResolvedConnection c) {
    var cfg = c.config();
    return new WazuhSettings(
        URI.create(String.valueOf(cfg.get("managerUrl"))),
        !Boolean.FALSE.equals(cfg.get("verifyTls")),
        cfg.get("caCert") instanceof String s && !s.isBlank() ? s : null,
        Duration.ofSeconds(cfg.get("timeoutSeconds") instanceof Number n ? n.longValue() : 30),
        c.secret("username"),
        c.secret("password"),
        cfg.get("blastRadius") instanceof Number n ? n.intValue() : DEFAULT_BLAST_RADIUS);
  }

  @Override
  public String toString() {
    return "WazuhSettings[" + managerUrl + ", verifyTls " + verifyTls + ", user " + username + "]";
  }
}
