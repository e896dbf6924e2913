package dev.vigil.store.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Real PostgreSQL for tests: the embedded server (started once per JVM), or the server named by
 * {@code VIGIL_TEST_DB_URL} (with {@code VIGIL_TEST_DB_USER} / {@code VIGIL_TEST_DB_PASSWORD}).
 * Each {@link #fresh()} creates a new, migrated database so tests never see each other's rows.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedDatabase embedded;

  private TestDatabase() {}

  /** A new empty database with the schema applied. */
  public static synchronized HikariDataSource fresh() {
    String name = "vigil_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    String adminUrl = adminUrl();
    try (Connection c = DriverManager.getConnection(adminUrl, user(), password());
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database on " + adminUrl + ": " + e.getMessage(), e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(adminUrl.replaceFirst("/[^/?]+(\\?.*)?$", "/" + name + "$1"));
    cfg.setUsername(user());
    cfg.setPassword(password());
    cfg.setMaximumPoolSize(20);
    HikariDataSource ds = new HikariDataSource(cfg);
    Migrations.apply(ds);
    return ds;
  }

  /** JDBC URL, user and password of a fresh database, for apps configured by properties. */
  public record Coordinates(String url, String user, String password) {}

  public static Coordinates freshCoordinates() {
    HikariDataSource ds = fresh();
    Coordinates c = new Coordinates(ds.getJdbcUrl(), user(), password());
    ds.close();
    return c;
  }

  private static String adminUrl() {
    String url = System.getenv("VIGIL_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (embedded == null) {
      embedded = EmbeddedDatabase.start(null, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
    }
    return embedded.jdbcUrl("postgres");
  }

  private static String user() {
    String u =
        System.getenv("VIGIL_TEST_DB_URL") == null ? null : System.getenv("VIGIL_TEST_DB_USER");
    return u == null ? EmbeddedDatabase.USER : u;
  }

  private static String password() {
    String p =
        System.getenv("VIGIL_TEST_DB_URL") == null ? null : System.getenv("VIGIL_TEST_DB_PASSWORD");
    return p == null ? "" : p;
  }

  /** For tests that must reach past the repositories (tampering, trigger checks). */
  public static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
