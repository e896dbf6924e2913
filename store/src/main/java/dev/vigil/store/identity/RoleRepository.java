package dev.vigil.store.identity;

import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tenants' custom roles. A member or API key may hold one only while it exists (the database
 * checks it), and a role still held cannot be deleted.
 */
public class RoleRepository {

  private static final String COLUMNS =
      "tenant_id, name, description, permissions, version, created_by, created_at, updated_by,"
          + " updated_at";

  /** Who holds a role: members (active or disabled) and API keys that are not revoked. */
  public record Holders(long members, long apiKeys) {
    public boolean none() {
      return members == 0 && apiKeys == 0;
    }
  }

  private final TenantJdbc db;

  public RoleRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** The tenant's custom roles by name. */
  public List<CustomRole> list(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from tenant_roles where tenant_id = :t order by name")
                .param("t", tenant)
                .query(RoleRepository::map)
                .list());
  }

  public Optional<CustomRole> find(String tenant, String name) {
    return db.inTenant(tenant, jdbc -> find(jdbc, tenant, name));
  }

  /** Creates a role; false (and nothing written) when the tenant already has one of that name. */
  public boolean create(
      String tenant, String name, String description, List<String> permissions, String by) {
    try {
      db.runInTenant(
          tenant,
          jdbc ->
              jdbc.sql(
                      "insert into tenant_roles (tenant_id, name, description, permissions,"
                          + " created_by, updated_by) values (:t, :n, :d, :p, :by, :by)")
                  .param("t", tenant)
                  .param("n", name)
                  .param("d", description)
                  .param("p", permissions.toArray(String[]::new))
                  .param("by", by)
                  .update());
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /**
   * Replaces a role's description and permissions if it is still at {@code expectedVersion}; empty
   * when it is gone or was changed meanwhile.
   */
  public Optional<CustomRole> update(
      String tenant,
      String name,
      int expectedVersion,
      String description,
      List<String> permissions,
      String by) {
    return db.inTenant(
        tenant,
        jdbc -> {
          int changed =
              jdbc.sql(
                      "update tenant_roles set description = :d, permissions = :p, version ="
                          + " version + 1, updated_by = :by, updated_at = now() where tenant_id ="
                          + " :t and name = :n and version = :v")
                  .param("d", description)
                  .param("p", permissions.toArray(String[]::new))
                  .param("by", by)
                  .param("t", tenant)
                  .param("n", name)
                  .param("v", expectedVersion)
                  .update();
          return changed == 0 ? Optional.<CustomRole>empty() : find(jdbc, tenant, name);
        });
  }

  /** Who holds the role now. */
  public Holders holders(String tenant, String name) {
    return db.inTenant(tenant, jdbc -> holders(jdbc, tenant, name));
  }

  /**
   * Deletes a role nobody holds. Empty when there is no such role; otherwise its holders, none when
   * it was deleted.
   */
  public Optional<Holders> delete(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc -> {
          boolean exists =
              jdbc.sql("select 1 from tenant_roles where tenant_id = :t and name = :n for update")
                      .param("t", tenant)
                      .param("n", name)
                      .query()
                      .listOfRows()
                      .size()
                  == 1;
          if (!exists) {
            return Optional.<Holders>empty();
          }
          Holders holders = holders(jdbc, tenant, name);
          if (holders.none()) {
            // the table's trigger checks again, against members given the role meanwhile
            jdbc.sql("delete from tenant_roles where tenant_id = :t and name = :n")
                .param("t", tenant)
                .param("n", name)
                .update();
          }
          return Optional.of(holders);
        });
  }

  private static Optional<CustomRole> find(JdbcClient jdbc, String tenant, String name) {
    return jdbc.sql("select " + COLUMNS + " from tenant_roles where tenant_id = :t and name = :n")
        .param("t", tenant)
        .param("n", name)
        .query(RoleRepository::map)
        .optional();
  }

  private static Holders holders(JdbcClient jdbc, String tenant, String name) {
    long members =
        jdbc.sql("select count(*) from memberships where tenant_id = :t and role = :n")
            .param("t", tenant)
            .param("n", name)
            .query(Long.class)
            .single();
    long keys =
        jdbc.sql(
                "select count(*) from api_keys where tenant_id = :t and role = :n"
                    + " and revoked_at is null")
            .param("t", tenant)
            .param("n", name)
            .query(Long.class)
            .single();
    return new Holders(members, keys);
  }

  private static CustomRole map(ResultSet rs, int row) throws SQLException {
    return new CustomRole(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Arrays.asList((String[]) rs.getArray(4).getArray()),
        rs.getInt(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant(),
        rs.getString(8),
        rs.getTimestamp(9).toInstant());
  }
}
