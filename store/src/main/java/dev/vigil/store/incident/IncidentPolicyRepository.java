package dev.vigil.store.incident;

import dev.vigil.store.system.TenantJdbc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Versioned incident policy documents (correlation, sla, response, templates) per tenant. */
public class IncidentPolicyRepository {

  private final TenantJdbc db;

  public IncidentPolicyRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** One stored version. */
  public record PolicyVersion(
      String kind, int version, String definition, String createdBy, Instant createdAt) {}

  public Optional<PolicyVersion> latest(String tenant, String kind) {
    return db.inTenant(tenant, jdbc -> latest(jdbc, tenant, kind));
  }

  /** The newest version, in the caller's tenant transaction. */
  public Optional<PolicyVersion> latest(JdbcClient jdbc, String tenant, String kind) {
    return jdbc.sql(
            "select kind, version, definition::text, created_by, created_at from incident_policies"
                + " where tenant_id = :t and kind = :k order by version desc limit 1")
        .param("t", tenant)
        .param("k", kind)
        .query(IncidentPolicyRepository::map)
        .optional();
  }

  public Optional<PolicyVersion> version(String tenant, String kind, int version) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select kind, version, definition::text, created_by, created_at from"
                        + " incident_policies where tenant_id = :t and kind = :k and version = :v")
                .param("t", tenant)
                .param("k", kind)
                .param("v", version)
                .query(IncidentPolicyRepository::map)
                .optional());
  }

  /** Every version, newest first. */
  public List<PolicyVersion> versions(String tenant, String kind) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select kind, version, definition::text, created_by, created_at from"
                        + " incident_policies where tenant_id = :t and kind = :k order by version"
                        + " desc limit 200")
                .param("t", tenant)
                .param("k", kind)
                .query(IncidentPolicyRepository::map)
                .list());
  }

  /** Stores a new version (one more than the newest) and returns it. */
  public PolicyVersion publish(String tenant, String kind, String definition, String by) {
    return db.inTenant(
        tenant,
        jdbc -> {
          // one publisher at a time per tenant and kind: the version numbers never collide
          jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))")
              .param("key", "incident-policy/" + tenant + "/" + kind)
              .query()
              .singleRow();
          int next =
              jdbc.sql(
                      "select coalesce(max(version), 0) + 1 from incident_policies where tenant_id"
                          + " = :t and kind = :k")
                  .param("t", tenant)
                  .param("k", kind)
                  .query(Integer.class)
                  .single();
          jdbc.sql(
                  "insert into incident_policies (tenant_id, kind, version, definition, created_by)"
                      + " values (:t, :k, :v, :d::jsonb, :by)")
              .param("t", tenant)
              .param("k", kind)
              .param("v", next)
              .param("d", definition)
              .param("by", by)
              .update();
          return latest(jdbc, tenant, kind).orElseThrow();
        });
  }

  private static PolicyVersion map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new PolicyVersion(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant());
  }
}
