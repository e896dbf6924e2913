package dev.vigil.store.detection;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The detection consumer's position in each tenant's event stream and the engine state it keeps
 * with it. A consumer claims a tenant by locking its cursor row ({@code FOR UPDATE SKIP LOCKED}) in
 * the transaction that processes it: two consumers never process one tenant at once, and the
 * position, the state and the alerts commit together or not at all.
 */
public class DetectionCursors {

  private final TenantJdbc db;

  public DetectionCursors(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /**
   * @param meta rule key → {@code {version, firstEventAt}}
   */
  public record Cursor(long lastBatch, Map<String, Object> meta) {}

  /** One stored group of one rule. */
  public record StateRow(String ruleKey, int ruleVersion, String groupKey, String stateJson) {}

  /** Tenants whose stream has batches their cursor has not reached (across tenants). */
  public List<String> tenantsBehind() {
    return db.acrossTenants(
        j ->
            j.sql(
                    "select s.tenant_id from event_streams s left join detection_cursors c on"
                        + " c.tenant_id = s.tenant_id where s.last_batch > coalesce(c.last_batch,"
                        + " 0) order by s.tenant_id")
                .query(String.class)
                .list());
  }

  /**
   * Claims the tenant for this transaction; empty when another consumer holds it. Runs in the
   * caller's tenant transaction.
   */
  public Optional<Cursor> claim(JdbcClient jdbc, String tenant) {
    jdbc.sql(
            "insert into detection_cursors (tenant_id) values (:t) on conflict (tenant_id) do"
                + " nothing")
        .param("t", tenant)
        .update();
    return jdbc.sql(
            "select last_batch, meta::text from detection_cursors where tenant_id = :t for update"
                + " skip locked")
        .param("t", tenant)
        .query((rs, n) -> new Cursor(rs.getLong(1), JsonColumns.readMap(rs.getString(2))))
        .optional();
  }

  /** Streams every stored group of the tenant (after a restart or a hand-over). */
  public void loadState(JdbcClient jdbc, String tenant, Consumer<StateRow> sink) {
    jdbc.sql(
            "select rule_key, rule_version, group_key, state::text from detection_state where"
                + " tenant_id = :t")
        .param("t", tenant)
        .query(
            rs -> {
              sink.accept(
                  new StateRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
            });
  }

  /** Writes changed groups (null state = forgotten) and drops state of rules no longer run. */
  public void saveState(
      JdbcClient jdbc, String tenant, List<StateRow> changed, List<String> rules) {
    for (StateRow r : changed) {
      if (r.stateJson() == null) {
        jdbc.sql(
                "delete from detection_state where tenant_id = :t and rule_key = :k and group_key"
                    + " = :g")
            .param("t", tenant)
            .param("k", r.ruleKey())
            .param("g", PostgresText.clean(r.groupKey()))
            .update();
      } else {
        jdbc.sql(
                "insert into detection_state (tenant_id, rule_key, group_key, rule_version, state)"
                    + " values (:t, :k, :g, :v, :s::jsonb) on conflict (tenant_id, rule_key,"
                    + " group_key) do update set rule_version = excluded.rule_version, state ="
                    + " excluded.state")
            .param("t", tenant)
            .param("k", r.ruleKey())
            .param("g", PostgresText.clean(r.groupKey()))
            .param("v", r.ruleVersion())
            .param("s", r.stateJson())
            .update();
      }
    }
    jdbc.sql("delete from detection_state where tenant_id = :t and not (rule_key = any(:rules))")
        .param("t", tenant)
        .param("rules", rules.toArray(String[]::new))
        .update();
  }

  /** Moves the tenant's position after the processed batches. */
  public void advance(JdbcClient jdbc, String tenant, long lastBatch, Map<String, Object> meta) {
    jdbc.sql(
            "update detection_cursors set last_batch = :b, meta = :m::jsonb, updated_at = now()"
                + " where tenant_id = :t")
        .param("b", lastBatch)
        .param("m", JsonColumns.write(meta))
        .param("t", tenant)
        .update();
  }

  /** For tests and the sources view: the tenant's position. */
  public long position(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select coalesce(max(last_batch), 0) from detection_cursors where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single());
  }
}
