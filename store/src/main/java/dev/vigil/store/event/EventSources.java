package dev.vigil.store.event;

import dev.vigil.store.system.TenantJdbc;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** The sources of each tenant's events: what {@code GET /api/v1/sources} shows. */
public class EventSources {

  private final TenantJdbc db;

  public EventSources(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Every source with its event counts over the last hour and day (by event time). */
  public List<SourceHealth> list(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select s.format, s.system, s.first_event_at, s.last_event_at,"
                        + " s.first_received_at, s.last_received_at, coalesce(c.hour, 0),"
                        + " coalesce(c.day, 0), s.silent_alert_id::text from event_sources s left"
                        + " join (select format, coalesce(system, '') as system, count(*) filter"
                        + " (where time > now() - interval '1 hour') as hour, count(*) as day from"
                        + " events where tenant_id = :t and time > now() - interval '1 day' group"
                        + " by 1, 2) c on c.format = s.format and c.system = s.system where"
                        + " s.tenant_id = :t order by s.format, s.system")
                .param("t", tenant)
                .query(
                    (rs, n) ->
                        new SourceHealth(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant(),
                            rs.getLong(7),
                            rs.getLong(8),
                            rs.getString(9)))
                .list());
  }

  /** Links (or with null, unlinks) the source's open silence alert. */
  public void markSilent(String tenant, String format, String system, UUID alertId) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update event_sources set silent_alert_id = :a where tenant_id = :t and format"
                        + " = :f and system = :s")
                .param("a", alertId)
                .param("t", tenant)
                .param("f", format)
                .param("s", system)
                .update());
  }

  /** Tenants that have sources (across tenants; for the silence check). */
  public List<String> tenants() {
    return db.acrossTenants(
        j ->
            j.sql("select distinct tenant_id from event_sources order by 1")
                .query(String.class)
                .list());
  }
}
