package dev.vigil.store.connection;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Connections and their configuration history. Secrets are stored sealed ({@link SecretBox}); this
 * class never sees them in clear. Every write is one transaction that also adds the version row,
 * and a change names the version it was made against, so two editors cannot overwrite each other.
 */
public class ConnectionRepository {

  private static final String COLUMNS =
      "tenant_id, name, provider, version, config::text, secret_names, secrets_key, secrets,"
          + " created_by, created_at, updated_by, updated_at, public_id";

  private final TenantJdbc db;

  public ConnectionRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A connection as stored: the secrets sealed, their names in clear. */
  public record ConnectionRecord(
      String tenant,
      String name,
      String provider,
      int version,
      Map<String, Object> config,
      List<String> secretNames,
      SecretBox.Sealed secrets,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt,
      String publicId) {}

  /** One version of a connection's configuration. */
  public record ConnectionVersion(
      int version,
      String provider,
      Map<String, Object> config,
      List<String> secretNames,
      String change,
      String changedBy,
      Instant changedAt) {}

  /** Inserts a new connection (version 1); false when the tenant already has one of that name. */
  public boolean create(
      String tenant,
      String name,
      String provider,
      Map<String, Object> config,
      List<String> secretNames,
      SecretBox.Sealed secrets,
      String by) {
    try {
      db.runInTenant(
          tenant,
          jdbc -> {
            jdbc.sql(
                    "insert into connections (tenant_id, name, provider, version, config,"
                        + " secret_names, secrets_key, secrets, created_by, updated_by, public_id)"
                        + " values (:t, :n, :p, 1, :c::jsonb, :sn, :sk, :s, :by, :by, :pid)")
                .param("pid", PublicIds.next())
                .param("t", tenant)
                .param("n", name)
                .param("p", provider)
                .param("c", JsonColumns.write(config))
                .param("sn", secretNames.toArray(String[]::new))
                .param("sk", secrets == null ? null : secrets.keyId())
                .param("s", secrets == null ? null : secrets.data())
                .param("by", by)
                .update();
            version(jdbc, tenant, name, 1, provider, config, secretNames, "created", by);
          });
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /**
   * Writes a change made against {@code expectedVersion}: the new configuration, secret names and
   * sealed secrets, and a version row saying what changed. Returns the new version, or empty when
   * the connection is gone or was changed meanwhile.
   */
  public Optional<Integer> update(
      String tenant,
      String name,
      int expectedVersion,
      Map<String, Object> config,
      List<String> secretNames,
      SecretBox.Sealed secrets,
      String change,
      String by) {
    return db.inTenant(
        tenant,
        jdbc -> {
          int next = expectedVersion + 1;
          Optional<String> provider =
              jdbc.sql(
                      "update connections set version = :next, config = :c::jsonb, secret_names ="
                          + " :sn, secrets_key = :sk, secrets = :s, updated_by = :by, updated_at ="
                          + " now() where tenant_id = :t and name = :n and version = :v"
                          + " returning provider")
                  .param("next", next)
                  .param("c", JsonColumns.write(config))
                  .param("sn", secretNames.toArray(String[]::new))
                  .param("sk", secrets == null ? null : secrets.keyId())
                  .param("s", secrets == null ? null : secrets.data())
                  .param("by", by)
                  .param("t", tenant)
                  .param("n", name)
                  .param("v", expectedVersion)
                  .query(String.class)
                  .optional();
          if (provider.isEmpty()) {
            return Optional.<Integer>empty();
          }
          version(jdbc, tenant, name, next, provider.get(), config, secretNames, change, by);
          return Optional.of(next);
        });
  }

  /** Re-seals one connection's secrets (key rotation) without a new configuration version. */
  public boolean reseal(String tenant, String name, int version, SecretBox.Sealed secrets) {
    return db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "update connections set secrets_key = :sk, secrets = :s where tenant_id ="
                            + " :t and name = :n and version = :v")
                    .param("sk", secrets.keyId())
                    .param("s", secrets.data())
                    .param("t", tenant)
                    .param("n", name)
                    .param("v", version)
                    .update())
        == 1;
  }

  private static void version(
      JdbcClient jdbc,
      String tenant,
      String name,
      int version,
      String provider,
      Map<String, Object> config,
      List<String> secretNames,
      String change,
      String by) {
    jdbc.sql(
            "insert into connection_versions (tenant_id, name, version, provider, config,"
                + " secret_names, change, changed_by) values (:t, :n, :v, :p, :c::jsonb, :sn, :ch,"
                + " :by)")
        .param("t", tenant)
        .param("n", name)
        .param("v", version)
        .param("p", provider)
        .param("c", JsonColumns.write(config))
        .param("sn", secretNames.toArray(String[]::new))
        .param("ch", change)
        .param("by", by)
        .update();
  }

  public Optional<ConnectionRecord> get(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from connections where tenant_id = :t and name = :n")
                .param("t", tenant)
                .param("n", name)
                .query(ConnectionRepository::map)
                .optional());
  }

  /** The tenant's connections by name (a tenant has tens, not thousands). */
  public List<ConnectionRecord> list(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + COLUMNS
                        + " from connections where tenant_id = :t order by name limit 1000")
                .param("t", tenant)
                .query(ConnectionRepository::map)
                .list());
  }

  /** The connection's versions, newest first. */
  public List<ConnectionVersion> versions(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select version, provider, config::text, secret_names, change, changed_by,"
                        + " changed_at from connection_versions where tenant_id = :t and name = :n"
                        + " order by version desc limit 500")
                .param("t", tenant)
                .param("n", name)
                .query(
                    (rs, i) ->
                        new ConnectionVersion(
                            rs.getInt(1),
                            rs.getString(2),
                            JsonColumns.readMap(rs.getString(3)),
                            strings(rs.getArray(4)),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getTimestamp(7).toInstant()))
                .list());
  }

  /** Deletes the connection and its history; false when there was none. */
  public boolean delete(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc -> {
          jdbc.sql("delete from connection_versions where tenant_id = :t and name = :n")
              .param("t", tenant)
              .param("n", name)
              .update();
          return jdbc.sql("delete from connections where tenant_id = :t and name = :n")
                  .param("t", tenant)
                  .param("n", name)
                  .update()
              == 1;
        });
  }

  /** Every sealed connection of every tenant, for key rotation (tenant, name, version, key id). */
  public List<ConnectionRecord> sealedAcrossTenants() {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "select "
                        + COLUMNS
                        + " from connections where secrets is not null order by tenant_id, name")
                .query(ConnectionRepository::map)
                .list());
  }

  /** A connection's tenant and name. */
  public record ConnectionName(String tenant, String name) {}

  /** The connection a public id names, whatever its tenant (a callback finding its connection). */
  public Optional<ConnectionName> byPublicId(String publicId) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql("select tenant_id, name from connections where public_id = :id")
                .param("id", publicId)
                .query((rs, n) -> new ConnectionName(rs.getString(1), rs.getString(2)))
                .optional());
  }

  /**
   * The connections of {@code provider} in every tenant (for the workers that keep them synced).
   */
  public List<ConnectionName> namesAcrossTenants(String provider) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "select tenant_id, name from connections where provider = :p order by"
                        + " tenant_id, name")
                .param("p", provider)
                .query((rs, n) -> new ConnectionName(rs.getString(1), rs.getString(2)))
                .list());
  }

  static ConnectionRecord map(ResultSet rs, int n) throws SQLException {
    String keyId = rs.getString(7);
    byte[] sealed = rs.getBytes(8);
    return new ConnectionRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        JsonColumns.readMap(rs.getString(5)),
        strings(rs.getArray(6)),
        keyId == null ? null : new SecretBox.Sealed(keyId, sealed),
        rs.getString(9),
        rs.getTimestamp(10).toInstant(),
        rs.getString(11),
        rs.getTimestamp(12).toInstant(),
        rs.getString(13));
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : new ArrayList<>(Arrays.asList((String[]) a.getArray()));
  }
}
