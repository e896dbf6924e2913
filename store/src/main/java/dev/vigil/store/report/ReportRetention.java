package dev.vigil.store.report;

import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The SQL of report retention: each tenant's {@code report_retention_days}, its finished reports
 * that have outlived it, and marking one expired together with its audit record.
 */
public class ReportRetention {

  /** A tenant that keeps reports for a limited time, and for how long. */
  public record Setting(String tenant, int reportRetentionDays) {}

  /** A finished report past its tenant's horizon. */
  public record Expiring(String id, String type, String status, String fileId, Instant endedAt) {}

  /** Who the audit trail says expired a report. */
  public static final String ACTOR = "vigil";

  private final TenantJdbc db;

  public ReportRetention(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Every tenant whose reports expire (retention above zero), in tenant order. */
  public List<Setting> settings() {
    return db.acrossTenants(
        j ->
            j.sql(
                    "select t.id, coalesce(s.report_retention_days, :d) from tenants t left join"
                        + " tenant_settings s on s.tenant_id = t.id where coalesce("
                        + "s.report_retention_days, :d) > 0 order by t.id")
                .param("d", TenantSettings.DEFAULT_REPORT_RETENTION_DAYS)
                .query((rs, n) -> new Setting(rs.getString(1), rs.getInt(2)))
                .list());
  }

  /**
   * At most {@code limit} of the tenant's succeeded or failed reports that ended before {@code
   * horizon}, oldest first.
   */
  public List<Expiring> expiring(String tenant, Instant horizon, int limit) {
    return db.inTenant(
        tenant,
        j ->
            j.sql(
                    "select id::text, type, status, file_id::text, ended_at from reports where"
                        + " tenant_id = :t and status in ('succeeded', 'failed') and ended_at <"
                        + " :h order by ended_at, id limit :n")
                .param("t", tenant)
                .param("h", Timestamp.from(horizon))
                .param("n", limit)
                .query(
                    (rs, n) ->
                        new Expiring(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant()))
                .list());
  }

  /**
   * Marks the report expired (its file gone) and appends {@code report.expire} to the audit trail
   * in the same transaction; false when it was no longer succeeded or failed (expired already, by
   * an earlier attempt).
   */
  public boolean expire(String tenant, Expiring r, int retentionDays) {
    return db.inTenant(
        tenant,
        j -> {
          int n =
              j.sql(
                      "update reports set status = 'expired', expired_at = now(), file_id = null"
                          + " where tenant_id = :t and id = :id and status in ('succeeded',"
                          + " 'failed')")
                  .param("t", tenant)
                  .param("id", UUID.fromString(r.id()))
                  .update();
          if (n == 0) {
            return false;
          }
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("type", r.type());
          details.put("status", r.status());
          details.put("endedAt", r.endedAt().toString());
          details.put("reportRetentionDays", retentionDays);
          if (r.fileId() != null) {
            details.put("fileId", r.fileId());
          }
          AuditLog.append(
              j,
              AuditEntry.of(
                  tenant, ACTOR, "report.expire", "report:" + r.id(), "success", details));
          return true;
        });
  }
}
