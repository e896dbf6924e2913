package dev.vigil.store.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** After {@code kill -9} of the JVM, the next start takes over the orphaned PostgreSQL's data. */
@DisabledOnOs(OS.WINDOWS)
class EmbeddedDatabaseRecoveryIT {

  @Test
  void startsAfterTheJvmThatRanItWasKilled(@TempDir Path data) throws Exception {
    Path dir = data.resolve("postgres");
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                OrphanedPostgresChild.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        // the child's log
      }
      assertThat(line).as("the child started PostgreSQL").isEqualTo("ready");
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook stops PostgreSQL
      child.waitFor(30, TimeUnit.SECONDS);
    }
    long orphan = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("PostgreSQL outlived its JVM")
        .contains(true);

    long started = System.nanoTime();
    try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
        Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select x from kept")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).as("the data survived").isEqualTo(42);
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
  }
}
