package dev.vigil.standalone;

import dev.vigil.store.system.EmbeddedDatabase;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Vigil in one JVM: embedded PostgreSQL (data under VIGIL_DATA_DIR, kept between starts) unless
 * VIGIL_DB_URL is set, Temporal's Java test service bound to a port (real time, runs kept in memory
 * only) unless VIGIL_TEMPORAL_ADDRESS is set, then the API server and the worker.
 */
public final class Standalone implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  private final EmbeddedDatabase database;
  private final TestServer.PortBoundTestServer temporal;
  private final ConfigurableApplicationContext context;

  private Standalone(
      EmbeddedDatabase database,
      TestServer.PortBoundTestServer temporal,
      ConfigurableApplicationContext context) {
    this.database = database;
    this.temporal = temporal;
    this.context = context;
  }

  public static Standalone start(StandaloneSettings s, String... extraArgs) {
    return start(s, new Class<?>[0], extraArgs);
  }

  /** With further configuration classes (tests add their own beans this way). */
  public static Standalone start(StandaloneSettings s, Class<?>[] sources, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(extraArgs));
    args.add("--server.port=" + s.port());
    EmbeddedDatabase db = null;
    TestServer.PortBoundTestServer temporal = null;
    try {
      if (s.dbUrl() != null) {
        args.add("--spring.datasource.url=" + s.dbUrl());
      } else {
        db = EmbeddedDatabase.start(s.dataDir().resolve("postgres"), 0);
        args.add("--spring.datasource.url=" + db.jdbcUrl("postgres"));
        args.add("--spring.datasource.username=" + EmbeddedDatabase.USER);
        args.add("--spring.datasource.password=");
      }
      String temporalAddress = s.temporalAddress();
      if (temporalAddress == null) {
        requireFree(s.temporalPort());
        temporal = EmbeddedTemporal.start(s.temporalPort());
        temporalAddress = "127.0.0.1:" + s.temporalPort();
      }
      args.add("--vigil.temporal.address=" + temporalAddress);
      String secretsKey = System.getenv("VIGIL_SECRETS_KEY");
      if ((secretsKey == null || secretsKey.isBlank())
          && args.stream().noneMatch(a -> a.startsWith("--vigil.integrations.secrets-key="))) {
        List<String> keys = SecretsKeyFile.keys(s.dataDir());
        args.add("--vigil.integrations.secrets-key=" + keys.get(0));
        if (keys.size() > 1) {
          args.add(
              "--vigil.integrations.secrets-old-keys="
                  + String.join(",", keys.subList(1, keys.size())));
        }
      }
      String filesDir = System.getenv("VIGIL_FILES_DIR");
      if ((filesDir == null || filesDir.isBlank())
          && args.stream().noneMatch(a -> a.startsWith("--vigil.files.dir="))) {
        // uploads and reports live beside the embedded database, under VIGIL_DATA_DIR
        args.add("--vigil.files.dir=" + s.dataDir().resolve("files"));
      }
      Class<?>[] all = new Class<?>[sources.length + 1];
      all[0] = StandaloneApplication.class;
      System.arraycopy(sources, 0, all, 1, sources.length);
      SpringApplication app = new SpringApplication(all);
      ConfigurableApplicationContext ctx = app.run(args.toArray(String[]::new));
      Standalone vigil = new Standalone(db, temporal, ctx);
      if (ctx.getEnvironment().getProperty("vigil.notifications.public-url", "").isBlank()) {
        // links in notifications point at this process unless VIGIL_PUBLIC_URL says otherwise
        ctx.getEnvironment()
            .getPropertySources()
            .addFirst(
                new org.springframework.core.env.MapPropertySource(
                    "standalone-public-url",
                    java.util.Map.of(
                        "vigil.notifications.public-url", "http://localhost:" + vigil.port())));
      }
      log.info(
          "Vigil is up at http://localhost:{} (API docs: /swagger-ui.html). Temporal: {}{}. PostgreSQL: {}.",
          vigil.port(),
          temporalAddress,
          temporal == null
              ? ""
              : " (embedded test service: runs live in memory and are lost when Vigil stops; set VIGIL_TEMPORAL_ADDRESS for a real cluster)",
          db == null ? s.dbUrl() : "embedded, data in " + s.dataDir().resolve("postgres"));
      return vigil;
    } catch (RuntimeException e) {
      if (temporal != null) {
        temporal.close();
      }
      if (db != null) {
        db.close();
      }
      throw e;
    }
  }

  private static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " for the embedded Temporal service is taken; set VIGIL_EMBEDDED_TEMPORAL_PORT to another port"
              + " (or VIGIL_TEMPORAL_ADDRESS to use a running Temporal)");
    }
  }

  public int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    context.close();
    if (temporal != null) {
      temporal.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
