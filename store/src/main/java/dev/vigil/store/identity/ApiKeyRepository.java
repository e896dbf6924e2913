package dev.vigil.store.identity;

import static dev.vigil.store.identity.UserRepository.instant;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** API keys: stored as the SHA-256 of their secret, looked up by it, listed per tenant. */
public class ApiKeyRepository {

  private static final String COLUMNS =
      "tenant_id, id, name, prefix, username, role, created_at, expires_at, revoked_at, revoked_by,"
          + " last_used_at";

  private final TenantJdbc db;

  public ApiKeyRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Stores a new key; false when a key with that secret exists already. */
  public boolean create(ApiKeyRecord k, String secretSha256) {
    return db.inTenant(
        k.tenant(),
        jdbc ->
            jdbc.sql(
                        "insert into api_keys (tenant_id, id, name, prefix, secret_sha256, username, role, expires_at)"
                            + " values (:t, :id, :n, :p, :h, :u, :r, :exp) on conflict do nothing")
                    .param("t", k.tenant())
                    .param("id", k.id())
                    .param("n", k.name())
                    .param("p", k.prefix())
                    .param("h", secretSha256)
                    .param("u", k.username())
                    .param("r", k.role())
                    .param("exp", k.expiresAt() == null ? null : Timestamp.from(k.expiresAt()))
                    .update()
                == 1);
  }

  /**
   * The key with this secret hash, whichever tenant it belongs to: an incoming key names no tenant
   * before it is looked up. Callers check expiry, revocation and the user's membership.
   */
  public Optional<ApiKeyRecord> findBySecret(String secretSha256) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from api_keys where secret_sha256 = :h")
                .param("h", secretSha256)
                .query(ApiKeyRepository::map)
                .optional());
  }

  /** One key of a tenant by id. */
  public Optional<ApiKeyRecord> find(String tenant, String id) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from api_keys where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", id)
                .query(ApiKeyRepository::map)
                .optional());
  }

  /** Keys of a tenant, newest first; {@code username} non-null limits them to one user's keys. */
  public Page<ApiKeyRecord> list(String tenant, String username, int limit, String cursor) {
    Instant before = Instant.parse("9999-12-31T00:00:00Z");
    String beforeId = "";
    if (cursor != null) {
      Cursors.Cursor c = Cursors.decode(cursor, 2);
      before = c.instant(0);
      beforeId = c.text(1);
    }
    Timestamp b = Timestamp.from(before);
    String bid = beforeId;
    return db.inTenant(
        tenant,
        jdbc -> {
          Where w =
              new Where("tenant_id = :t", "t", tenant)
                  .and("username = :u", "u", username)
                  .andAll(
                      true,
                      "(created_at < :b or (created_at = :b and id < :bid))",
                      Map.of("b", b, "bid", bid.isEmpty() ? "\uffff" : bid))
                  .param("limit", limit + 1);
          List<ApiKeyRecord> rows =
              jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from api_keys"
                          + w.sql()
                          + " order by created_at desc, id desc limit :limit")
                  .params(w.params())
                  .query(ApiKeyRepository::map)
                  .list();
          return Page.of(rows, limit, k -> Cursors.encode(k.createdAt().toString(), k.id()));
        });
  }

  /** Revokes a key; false when it does not exist or was revoked already. */
  public boolean revoke(String tenant, String id, String by) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                        "update api_keys set revoked_at = now(), revoked_by = :by"
                            + " where tenant_id = :t and id = :id and revoked_at is null")
                    .param("by", by)
                    .param("t", tenant)
                    .param("id", id)
                    .update()
                == 1);
  }

  /** Records a use; writes at most once a minute per key so busy keys do not write every call. */
  public void recordUse(String tenant, String id) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update api_keys set last_used_at = now() where tenant_id = :t and id = :id"
                        + " and (last_used_at is null or last_used_at < now() - interval '1 minute')")
                .param("t", tenant)
                .param("id", id)
                .update());
  }

  private static ApiKeyRecord map(ResultSet rs, int n) throws SQLException {
    return new ApiKeyRecord(
        rs.getString("tenant_id"),
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        rs.getString("username"),
        rs.getString("role"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("revoked_at")),
        rs.getString("revoked_by"),
        instant(rs.getTimestamp("last_used_at")));
  }
}
