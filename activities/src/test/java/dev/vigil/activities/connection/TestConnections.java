package dev.vigil.activities.connection;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.system.TestDatabase;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the connector tests share: a fresh database with tenant {@code acme}, a secrets key,
 * connections sealed with it, their resolver, and running an action handler by name.
 */
public final class TestConnections implements AutoCloseable {

  public static final String TENANT = "acme";

  public final HikariDataSource db;
  public final SecretBox box;
  public final ConnectionRepository repo;
  private final Map<String, ActionHandler<?>> handlers = new HashMap<>();

  private TestConnections(HikariDataSource db) {
    this.db = db;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    this.repo = new ConnectionRepository(db);
  }

  public static TestConnections start() throws Exception {
    HikariDataSource db = TestDatabase.fresh();
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'Acme')");
    return new TestConnections(db);
  }

  /** Adds connection {@code name} of {@code provider} to tenant acme, its secrets sealed. */
  public TestConnections connect(
      String name, String provider, Map<String, Object> config, Map<String, String> secrets) {
    repo.create(
        TENANT,
        name,
        provider,
        config,
        new ArrayList<>(new TreeSet<>(secrets.keySet())),
        secrets.isEmpty() ? null : box.seal(TENANT, name, secrets),
        "admin");
    return this;
  }

  public ConnectionResolver resolver() {
    return new ConnectionResolver(repo, box);
  }

  /** Makes {@code all} runnable by name with {@link #run}. */
  public TestConnections handlers(List<ActionHandler<?>> all) {
    all.forEach(h -> handlers.put(h.name(), h));
    return this;
  }

  /** Runs action {@code name} with {@code input} in tenant acme, as a step would. */
  @SuppressWarnings("unchecked")
  public <I> Map<String, Object> run(String name, I input) {
    ActionHandler<I> h = (ActionHandler<I>) handlers.get(name);
    if (h == null) {
      throw new IllegalArgumentException("no handler " + name);
    }
    return (Map<String, Object>) h.execute(input, new ActionContext(TENANT, "run-1", "step", 1));
  }

  @Override
  public void close() {
    db.close();
  }
}
