package dev.vigil.store.identity;

import static dev.vigil.store.identity.UserRepository.instant;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Tenants: created and listed by platform owners, across tenants by nature. */
public class TenantRepository {

  /** The reserved tenant holding platform-level audit records; never listed. */
  public static final String SYSTEM = "_system";

  private final TenantJdbc db;

  public TenantRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /**
   * Creates a tenant with {@code owner} as its first owner, in one transaction; false when the id
   * is taken.
   */
  public boolean create(String id, String name, String owner, String by) {
    return db.acrossTenants(
        jdbc -> {
          int n =
              jdbc.sql(
                      "insert into tenants (id, name, created_by) values (:id, :n, :by)"
                          + " on conflict (id) do nothing")
                  .param("id", id)
                  .param("n", name)
                  .param("by", by)
                  .update();
          if (n == 0) {
            return false;
          }
          jdbc.sql(
                  "insert into memberships (tenant_id, username, role, created_by) values (:t, :u, 'owner', :by)")
              .param("t", id)
              .param("u", owner)
              .param("by", by)
              .update();
          return true;
        });
  }

  public Optional<TenantRecord> find(String id) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql("select * from tenants where id = :id and id <> :sys")
                .param("id", id)
                .param("sys", SYSTEM)
                .query(TenantRepository::map)
                .optional());
  }

  /** Tenants by id, one page after {@code cursor}. */
  public Page<TenantRecord> list(int limit, String cursor) {
    String after = cursor == null ? "" : Cursors.decode(cursor, 1).text(0);
    return db.acrossTenants(
        jdbc -> {
          List<TenantRecord> rows =
              jdbc.sql(
                      "select * from tenants where id <> :sys and id > :after order by id limit :limit")
                  .param("sys", SYSTEM)
                  .param("after", after)
                  .param("limit", limit + 1)
                  .query(TenantRepository::map)
                  .list();
          return Page.of(rows, limit, t -> Cursors.encode(t.id()));
        });
  }

  private static TenantRecord map(ResultSet rs, int n) throws SQLException {
    return new TenantRecord(
        rs.getString("id"),
        rs.getString("name"),
        instant(rs.getTimestamp("created_at")),
        rs.getString("created_by"));
  }
}
