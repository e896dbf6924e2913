package dev.vigil.store.settings;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.TenantJdbc;
import java.util.Map;
import javax.sql.DataSource;

/** Tenant settings; a tenant that never changed them has {@link TenantSettings#DEFAULTS}. */
public class TenantSettingsRepository {

  private final TenantJdbc db;

  public TenantSettingsRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  public TenantSettings get(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select timezone, retention_days, source_silence::text, agent_disconnected_after,"
                        + " scan_scope::text, scan_concurrency, max_upload_bytes,"
                        + " file_quota_bytes, dlp_patterns::text, report_retention_days from tenant_settings"
                        + " where tenant_id = :t")
                .param("t", tenant)
                .query(
                    (rs, n) ->
                        new TenantSettings(
                            rs.getString(1),
                            rs.getInt(2),
                            JsonColumns.readMap(rs.getString(3)),
                            rs.getString(4),
                            JsonColumns.read(
                                rs.getString(5),
                                new com.fasterxml.jackson.core.type.TypeReference<
                                    java.util.List<String>>() {}),
                            rs.getInt(6),
                            rs.getLong(7),
                            rs.getLong(8),
                            JsonColumns.read(
                                rs.getString(9),
                                new com.fasterxml.jackson.core.type.TypeReference<
                                    java.util.List<TenantSettings.DlpPattern>>() {}),
                            rs.getInt(10)))
                .optional()
                .orElse(TenantSettings.DEFAULTS));
  }

  public TenantSettings put(String tenant, TenantSettings s, String by) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "insert into tenant_settings (tenant_id, timezone, retention_days,"
                        + " source_silence, agent_disconnected_after, scan_scope, scan_concurrency,"
                        + " max_upload_bytes, file_quota_bytes, dlp_patterns, report_retention_days,"
                        + " updated_by) values (:t, :tz, :r, :s::jsonb, :ad, :scope::jsonb, :sc,"
                        + " :mu, :fq, :dlp::jsonb, :rr, :by) on conflict (tenant_id) do update set"
                        + " timezone = excluded.timezone, retention_days = excluded.retention_days,"
                        + " source_silence = excluded.source_silence, agent_disconnected_after ="
                        + " excluded.agent_disconnected_after, scan_scope = excluded.scan_scope,"
                        + " scan_concurrency = excluded.scan_concurrency,"
                        + " max_upload_bytes = excluded.max_upload_bytes,"
                        + " file_quota_bytes = excluded.file_quota_bytes,"
                        + " dlp_patterns = excluded.dlp_patterns,"
                        + " report_retention_days = excluded.report_retention_days, updated_by ="
                        + " excluded.updated_by,"
                        + " updated_at = now()")
                .param("t", tenant)
                .param("tz", s.timezone())
                .param("r", s.retentionDays())
                .param(
                    "s",
                    JsonColumns.write(s.sourceSilence() == null ? Map.of() : s.sourceSilence()))
                .param("ad", s.agentDisconnectedAfter())
                .param("scope", JsonColumns.write(s.scanScope()))
                .param("sc", s.scanConcurrency())
                .param("mu", s.maxUploadBytes())
                .param("fq", s.fileQuotaBytes())
                .param("dlp", JsonColumns.write(s.dlpPatterns()))
                .param("rr", s.reportRetentionDays())
                .param("by", by)
                .update());
    return get(tenant);
  }
}
