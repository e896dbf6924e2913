package dev.vigil.store.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Run in a child JVM by {@link EmbeddedDatabaseRecoveryIT}: starts PostgreSQL, writes, waits. */
public final class OrphanedPostgresChild {

  private OrphanedPostgresChild() {}

  public static void main(String[] args) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 0);
    try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("create table kept (x int)");
      s.execute("insert into kept values (42)");
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // until killed
  }
}
