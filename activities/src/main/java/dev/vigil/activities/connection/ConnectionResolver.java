package dev.vigil.activities.connection;

import dev.vigil.activities.system.ActionException;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import java.util.Map;

/**
 * Resolves a connection by name for the tenant whose run asks, secrets opened. Workflows carry only
 * the name; the secrets exist in clear only inside the activity that called this. Another tenant's
 * connection is never found (the read is tenant-scoped, and the secrets are sealed to their tenant
 * and name).
 */
public class ConnectionResolver {

  /** The connection does not exist in the tenant. Not retried. */
  public static final String NOT_FOUND = "ConnectionNotFound";

  /** The connection exists but cannot be used: another provider, or its secrets do not open. */
  public static final String UNUSABLE = "ConnectionUnusable";

  private final ConnectionRepository repo;
  private final SecretBox box;

  public ConnectionResolver(ConnectionRepository repo, SecretBox box) {
    this.repo = repo;
    this.box = box;
  }

  /**
   * The connection {@code name} of {@code tenant}, which must be of {@code provider}.
   *
   * @throws ActionException {@link #NOT_FOUND} or {@link #UNUSABLE}, saying why without a secret
   */
  public ResolvedConnection resolve(String tenant, String name, String provider) {
    ConnectionRepository.ConnectionRecord r = read(tenant, name);
    if (!r.provider().equals(provider)) {
      throw new ActionException(
          UNUSABLE,
          "connection '" + name + "' is a " + r.provider() + " connection, not " + provider);
    }
    return open(r);
  }

  /** The connection {@code name} of {@code tenant}, whatever its provider. */
  public ResolvedConnection resolve(String tenant, String name) {
    return open(read(tenant, name));
  }

  private ConnectionRepository.ConnectionRecord read(String tenant, String name) {
    if (name == null || name.isBlank()) {
      throw new ActionException(NOT_FOUND, "no connection named: set `connection` in `with`");
    }
    return repo.get(tenant, name)
        .orElseThrow(
            () ->
                new ActionException(
                    NOT_FOUND,
                    "connection '"
                        + name
                        + "' does not exist in tenant '"
                        + tenant
                        + "' (add it under Settings → Integrations)"));
  }

  private ResolvedConnection open(ConnectionRepository.ConnectionRecord r) {
    Map<String, String> secrets;
    try {
      secrets = r.secrets() == null ? Map.of() : box.open(r.tenant(), r.name(), r.secrets());
    } catch (SecretBox.SecretsUnavailable e) {
      throw new ActionException(UNUSABLE, e.getMessage() + " (on the worker)");
    }
    return new ResolvedConnection(
        r.tenant(), r.name(), r.provider(), r.version(), r.config(), secrets);
  }
}
