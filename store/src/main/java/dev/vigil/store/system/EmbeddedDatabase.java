package dev.vigil.store.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky embedded binaries) for standalone mode and tests. With a data
 * directory its data survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL.
   *
   * @param dataDir where the cluster lives (kept between starts), or null for a throwaway one
   * @param port TCP port on 127.0.0.1, 0 for any free port
   */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder b =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "200")
              .setServerConfig("listen_addresses", "127.0.0.1");
      if (port > 0) {
        b.setPort(port);
      }
      if (dataDir != null) {
        Files.createDirectories(dataDir);
        b.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
      }
      return new EmbeddedDatabase(b.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl(USER, database);
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
