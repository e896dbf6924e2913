package dev.vigil.store.playbook;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Published playbook versions. Versions are immutable (a trigger refuses UPDATE/DELETE) and a
 * definition equal to an existing version of the same key (as jsonb: whitespace and key order do
 * not matter) returns that version instead of creating one.
 */
public class PlaybookRepository {

  private static final String COLUMNS =
      "tenant_id, key, version, title, source, sha256, published_by, published_at";

  private final TenantJdbc db;

  public PlaybookRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A publish: the version and whether it was created now. */
  public record Published(PlaybookVersion version, boolean created) {}

  public Published publish(
      String tenant, String key, String title, String definitionJson, String by) {
    return db.inTenant(
        tenant,
        jdbc -> {

          // Serialises publishes of one key so version numbers have no gaps or duplicates.
          jdbc.sql("select pg_advisory_xact_lock(hashtext(:k))")
              .param("k", tenant + "/" + key)
              .query()
              .singleRow();
          Optional<PlaybookVersion> same =
              jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from playbook_versions where tenant_id = :t and key = :k and definition = :d::jsonb")
                  .param("t", tenant)
                  .param("k", key)
                  .param("d", definitionJson)
                  .query(PlaybookRepository::map)
                  .optional();
          if (same.isPresent()) {
            return new Published(same.get(), false);
          }
          int next =
              jdbc.sql(
                      "select coalesce(max(version), 0) + 1 from playbook_versions where tenant_id = :t and key = :k")
                  .param("t", tenant)
                  .param("k", key)
                  .query(Integer.class)
                  .single();
          PlaybookVersion v =
              jdbc.sql(
                      "insert into playbook_versions (tenant_id, key, version, title, definition, source, sha256, published_by)"
                          + " values (:t, :k, :v, :title, :d::jsonb, :d,"
                          + " encode(sha256(convert_to((:d::jsonb)::text, 'UTF8')), 'hex'), :by)"
                          + " returning "
                          + COLUMNS)
                  .param("t", tenant)
                  .param("k", key)
                  .param("v", next)
                  .param("title", title)
                  .param("d", definitionJson)
                  .param("by", by)
                  .query(PlaybookRepository::map)
                  .single();
          return new Published(v, true);
        });
  }

  /** The given version, or the latest when {@code version} is null. */
  public Optional<PlaybookVersion> find(String tenant, String key, Integer version) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return version == null
              ? jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from playbook_versions where tenant_id = :t and key = :k order by version desc limit 1")
                  .param("t", tenant)
                  .param("k", key)
                  .query(PlaybookRepository::map)
                  .optional()
              : jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from playbook_versions where tenant_id = :t and key = :k and version = :v")
                  .param("t", tenant)
                  .param("k", key)
                  .param("v", version)
                  .query(PlaybookRepository::map)
                  .optional();
        });
  }

  public boolean exists(String tenant, String key) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                  "select exists (select 1 from playbook_versions where tenant_id = :t and key = :k)")
              .param("t", tenant)
              .param("k", key)
              .query(Boolean.class)
              .single();
        });
  }

  /** Every version of a key, newest first. */
  public List<PlaybookVersion> versions(String tenant, String key) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                  "select "
                      + COLUMNS
                      + " from playbook_versions where tenant_id = :t and key = :k order by version desc")
              .param("t", tenant)
              .param("k", key)
              .query(PlaybookRepository::map)
              .list();
        });
  }

  /** Playbooks by key with their latest version, in key order. */
  public Page<PlaybookSummary> list(String tenant, int limit, String cursor) {
    return db.inTenant(
        tenant,
        jdbc -> {
          String after = cursor == null ? "" : Cursors.decode(cursor, 1).text(0);
          List<PlaybookSummary> rows =
              jdbc.sql(
                      "select distinct on (key) key, title, version, published_by, published_at,"
                          + " count(*) over (partition by key) as versions"
                          + " from playbook_versions where tenant_id = :t and key > :after"
                          + " order by key, version desc limit :limit")
                  .param("t", tenant)
                  .param("after", after)
                  .param("limit", limit + 1)
                  .query(
                      (rs, n) ->
                          new PlaybookSummary(
                              rs.getString("key"),
                              rs.getString("title"),
                              rs.getInt("version"),
                              rs.getInt("versions"),
                              rs.getString("published_by"),
                              rs.getTimestamp("published_at").toInstant()))
                  .list();
          return Page.of(rows, limit, pb -> Cursors.encode(pb.key()));
        });
  }

  private static PlaybookVersion map(ResultSet rs, int n) throws SQLException {
    return new PlaybookVersion(
        rs.getString("tenant_id"),
        rs.getString("key"),
        rs.getInt("version"),
        rs.getString("title"),
        rs.getString("source"),
        rs.getString("sha256"),
        rs.getString("published_by"),
        rs.getTimestamp("published_at").toInstant());
  }
}
