package dev.vigil.store.detection;

import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Published detection rules: immutable versions per key, and per tenant whether a key is on. A
 * definition equal to the latest version (as jsonb) returns it instead of creating a version.
 */
public class DetectionRuleRepository {

  private static final String COLUMNS =
      "r.tenant_id, r.key, r.version, r.title, r.kind, r.severity, r.definition::text, r.origin,"
          + " r.created_at, r.created_by, coalesce(s.enabled, (r.definition ->> 'enabled') is"
          + " distinct from 'false') as enabled";

  private static final String FROM =
      " from detection_rules r left join detection_rule_settings s on s.tenant_id = r.tenant_id"
          + " and s.key = r.key";

  private static final String LATEST =
      " and r.version = (select max(version) from detection_rules m where m.tenant_id ="
          + " r.tenant_id and m.key = r.key)";

  private final TenantJdbc db;

  public DetectionRuleRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A publish: the version and whether it was created now. */
  public record Published(RuleVersion version, boolean created) {}

  public Published publish(
      String tenant,
      String key,
      String title,
      String kind,
      String severity,
      String definitionJson,
      String origin,
      String by) {
    return db.inTenant(
        tenant,
        jdbc -> {
          jdbc.sql("select pg_advisory_xact_lock(hashtext(:k))")
              .param("k", "rule/" + tenant + "/" + key)
              .query()
              .singleRow();
          Optional<RuleVersion> latest = latest(jdbc, tenant, key);
          if (latest.isPresent()
              && jdbc.sql("select :a::jsonb = :b::jsonb")
                  .param("a", latest.get().definition())
                  .param("b", definitionJson)
                  .query(Boolean.class)
                  .single()) {
            return new Published(latest.get(), false);
          }
          int next = latest.map(v -> v.version() + 1).orElse(1);
          jdbc.sql(
                  "insert into detection_rules (tenant_id, key, version, title, kind, severity,"
                      + " definition, origin, created_by) values (:t, :k, :v, :title, :kind, :sev,"
                      + " :d::jsonb, :o, :by)")
              .param("t", tenant)
              .param("k", key)
              .param("v", next)
              .param("title", title)
              .param("kind", kind)
              .param("sev", severity)
              .param("d", definitionJson)
              .param("o", origin)
              .param("by", by)
              .update();
          return new Published(version(jdbc, tenant, key, next).orElseThrow(), true);
        });
  }

  public Optional<RuleVersion> latest(String tenant, String key) {
    return db.inTenant(tenant, jdbc -> latest(jdbc, tenant, key));
  }

  public Optional<RuleVersion> version(String tenant, String key, int version) {
    return db.inTenant(tenant, jdbc -> version(jdbc, tenant, key, version));
  }

  /** The latest version of every key, by key. */
  public List<RuleVersion> list(String tenant) {
    return db.inTenant(tenant, jdbc -> all(jdbc, tenant));
  }

  /** The latest version of every key that is on; in the caller's transaction (the consumer). */
  public List<RuleVersion> enabled(JdbcClient jdbc, String tenant) {
    return all(jdbc, tenant).stream().filter(RuleVersion::enabled).toList();
  }

  /** Turns a key on or off for the tenant; false when the key has no published version. */
  public boolean setEnabled(String tenant, String key, boolean enabled, String by) {
    return db.inTenant(
        tenant,
        jdbc -> {
          if (latest(jdbc, tenant, key).isEmpty()) {
            return false;
          }
          jdbc.sql(
                  "insert into detection_rule_settings (tenant_id, key, enabled, updated_by)"
                      + " values (:t, :k, :e, :by) on conflict (tenant_id, key) do update set"
                      + " enabled = excluded.enabled, updated_by = excluded.updated_by,"
                      + " updated_at = now()")
              .param("t", tenant)
              .param("k", key)
              .param("e", enabled)
              .param("by", by)
              .update();
          return true;
        });
  }

  private static List<RuleVersion> all(JdbcClient jdbc, String tenant) {
    return jdbc.sql(
            "select " + COLUMNS + FROM + " where r.tenant_id = :t" + LATEST + " order by r.key")
        .param("t", tenant)
        .query(DetectionRuleRepository::map)
        .list();
  }

  private static Optional<RuleVersion> latest(JdbcClient jdbc, String tenant, String key) {
    return jdbc.sql("select " + COLUMNS + FROM + " where r.tenant_id = :t and r.key = :k" + LATEST)
        .param("t", tenant)
        .param("k", key)
        .query(DetectionRuleRepository::map)
        .optional();
  }

  private static Optional<RuleVersion> version(
      JdbcClient jdbc, String tenant, String key, int version) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + FROM
                + " where r.tenant_id = :t and r.key = :k and r.version = :v")
        .param("t", tenant)
        .param("k", key)
        .param("v", version)
        .query(DetectionRuleRepository::map)
        .optional();
  }

  private static RuleVersion map(ResultSet rs, int n) throws SQLException {
    return new RuleVersion(
        rs.getString(1),
        rs.getString(2),
        rs.getInt(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getTimestamp(9).toInstant(),
        rs.getString(10),
        rs.getBoolean(11));
  }
}
