package dev.vigil.store.event;

import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * The SQL of event retention: each tenant's setting, and tenant-scoped deletes of events and ingest
 * batch records before a horizon. Every delete is one short transaction under row-level security
 * and deletes by a predicate, so running it again is harmless.
 */
public class EventRetention {

  /** A tenant and its {@code retention_days} (the default when it never set one). */
  public record Setting(String tenant, int retentionDays) {}

  private final TenantJdbc db;
  private final EventPartitions partitions;

  public EventRetention(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.partitions = new EventPartitions(db);
  }

  public EventPartitions partitions() {
    return partitions;
  }

  /** Every tenant with its retention, in tenant order (across tenants). */
  public List<Setting> settings() {
    return db.acrossTenants(
        j ->
            j.sql(
                    "select t.id, coalesce(s.retention_days, :d) from tenants t left join"
                        + " tenant_settings s on s.tenant_id = t.id order by t.id")
                .param("d", TenantSettings.DEFAULTS.retentionDays())
                .query((rs, n) -> new Setting(rs.getString(1), rs.getInt(2)))
                .list());
  }

  /**
   * Deletes at most {@code limit} of the tenant's events with a time before {@code horizon}; the
   * number deleted (fewer than {@code limit}: none are left).
   */
  public int deleteEvents(String tenant, Instant horizon, int limit) {
    return db.inTenant(
        tenant,
        j ->
            j.sql(
                    "delete from events where (tenant_id, time, id) in (select tenant_id, time, id"
                        + " from events where tenant_id = :t and time < :h limit :n)")
                .param("t", tenant)
                .param("h", Timestamp.from(horizon))
                .param("n", limit)
                .update());
  }

  /**
   * Deletes at most {@code limit} of the tenant's batch records received before {@code horizon}
   * whose events all lie before it and are gone, and that the detection consumer has passed (a
   * batch after its cursor, or of a tenant without a cursor, is kept); the number deleted.
   */
  public int deleteBatches(String tenant, Instant horizon, int limit) {
    return db.inTenant(
        tenant,
        j ->
            j.sql(
                    "delete from event_batches where (tenant_id, batch_id) in (select b.tenant_id,"
                        + " b.batch_id from event_batches b where b.tenant_id = :t and"
                        + " b.received_at < :h and (b.max_time is null or b.max_time < :h) and"
                        + " b.batch_id <= (select coalesce(max(c.last_batch), 0) from"
                        + " detection_cursors c where c.tenant_id = :t) and not exists (select 1"
                        + " from events e where e.tenant_id = b.tenant_id and e.chunk_id ="
                        + " b.chunk_id) order by b.batch_id limit :n)")
                .param("t", tenant)
                .param("h", Timestamp.from(horizon))
                .param("n", limit)
                .update());
  }
}
