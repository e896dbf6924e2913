package dev.vigil.store.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded binaries) for standalone mode and tests. With a data
 * directory its data survives restarts — also a crash of the JVM, whose orphaned server the next
 * start stops first.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

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
        stopOrphan(dataDir);
        b.setDataDirectory(dataDir.toFile()).setCleanDataDirectory(false);
      }
      return new EmbeddedDatabase(b.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * Stops a PostgreSQL still running on {@code dataDir} after the JVM that started it died without
   * stopping it ({@code kill -9}): its {@code postmaster.pid} would make this start fail. Only a
   * live process that is a {@code postgres} and was started on this data folder is stopped — with a
   * fast shutdown (SIGINT), which PostgreSQL recovers from like any restart. A stale file of a dead
   * process is left to PostgreSQL, which replaces it.
   */
  static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    long pid;
    try {
      pid = lines.size() < 2 ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle postmaster = pid <= 0 ? null : ProcessHandle.of(pid).orElse(null);
    if (postmaster == null
        || !postmaster.isAlive()
        || !isPostgresOf(postmaster, dataDir, Path.of(lines.get(1).trim()))) {
      return;
    }
    log.warn(
        "PostgreSQL (pid {}) is still running on {}, left by a Vigil that did not stop cleanly;"
            + " stopping it",
        pid,
        dataDir);
    signal(postmaster, "INT"); // fast shutdown: ends sessions, checkpoints, exits
    if (!exited(postmaster, 30)) {
      signal(postmaster, "QUIT"); // immediate shutdown: crash recovery at the next start
      if (!exited(postmaster, 10)) {
        throw new IllegalStateException(
            "PostgreSQL (pid "
                + pid
                + ") on "
                + dataDir
                + " did not stop; stop it and start Vigil again");
      }
    }
  }

  private static boolean isPostgresOf(ProcessHandle p, Path dataDir, Path recorded) {
    String command = p.info().command().orElse("");
    if (!Path.of(command).getFileName().toString().startsWith("postgres")) {
      return false; // the pid now belongs to something else
    }
    try {
      return Files.isSameFile(recorded, dataDir);
    } catch (IOException e) {
      return false;
    }
  }

  private static void signal(ProcessHandle p, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // no kill command (Windows): below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.destroy();
  }

  private static boolean exited(ProcessHandle p, int seconds) {
    try {
      p.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return !p.isAlive();
    } catch (ExecutionException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
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
