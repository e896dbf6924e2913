package dev.vigil.store.system;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Applies the schema migrations in {@code db/migration}; the store is their only owner. */
public final class Migrations {

  private Migrations() {}

  public static void apply(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
  }
}
