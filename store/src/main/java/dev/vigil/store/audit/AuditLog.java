package dev.vigil.store.audit;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The append-only audit trail: a trigger refuses UPDATE and DELETE, and every record is
 * hash-chained to the tenant's previous one so that a change made around the trigger shows.
 */
public class AuditLog {

  private final TenantJdbc db;

  public AuditLog(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /**
   * Appends one record, chained to the tenant's previous record. Appends of one tenant are
   * serialised (advisory lock) so the chain has no forks.
   */
  public void append(AuditEntry e) {
    db.runInTenant(e.tenant(), jdbc -> append(jdbc, e));
  }

  /**
   * Appends one record in the caller's transaction (already scoped to {@code e.tenant()}), so the
   * change it records and the record commit together or not at all.
   */
  public static void append(JdbcClient jdbc, AuditEntry e) {
    jdbc.sql("select pg_advisory_xact_lock(hashtext(:k))")
        .param("k", "audit/" + e.tenant())
        .query()
        .singleRow();
    jdbc.sql(
            "insert into audit_log (tenant_id, at, actor, action, target, outcome, details, prev_hash, hash)"
                + " select :t, now(), :a, :act, :tg, :o, :d::jsonb, prev.hash,"
                + " vigil_audit_hash(prev.hash, :t, now(), :a, :act, :tg, :o, :d::jsonb)"
                + " from (select (select hash from audit_log where tenant_id = :t order by id desc limit 1) as hash) prev")
        .param("t", e.tenant())
        .param("a", e.actor())
        .param("act", e.action())
        .param("tg", e.target())
        .param("o", e.outcome())
        .param("d", JsonColumns.write(e.details()))
        .update();
  }

  /**
   * The result of checking a tenant's chain.
   *
   * @param valid true when every record is intact and linked to the one before it
   * @param checked records checked
   * @param firstBrokenId the first record that was changed, or whose predecessor is missing
   * @param reason what is wrong with it
   */
  public record Verification(boolean valid, long checked, Long firstBrokenId, String reason) {}

  /**
   * Recomputes the tenant's chain. Detects edited records (hash mismatch) and deleted or inserted
   * ones (a broken link). Deleting the newest records leaves a shorter valid chain; compare {@code
   * checked} with an earlier verification to notice that.
   */
  public Verification verify(String tenant) {
    return db.inTenant(
        tenant,
        jdbc -> {
          List<Object[]> rows =
              jdbc.sql(
                      "select id, hash = vigil_audit_hash(prev_hash, tenant_id, at, actor, action, target, outcome, details) as intact,"
                          + " prev_hash is not distinct from lag(hash) over (order by id) as linked"
                          + " from audit_log where tenant_id = :t order by id")
                  .param("t", tenant)
                  .query(
                      (rs, n) -> new Object[] {rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3)})
                  .list();
          for (Object[] r : rows) {
            if (!(Boolean) r[1]) {
              return new Verification(
                  false,
                  rows.size(),
                  (Long) r[0],
                  "record " + r[0] + " was changed after it was written");
            }
            if (!(Boolean) r[2]) {
              return new Verification(
                  false,
                  rows.size(),
                  (Long) r[0],
                  "record "
                      + r[0]
                      + " does not follow the record before it: a record was deleted or inserted");
            }
          }
          return new Verification(true, rows.size(), null, null);
        });
  }

  /** Newest first, one page after {@code cursor}. */
  public Page<AuditEntry> list(String tenant, int limit, String cursor) {
    return list(tenant, AuditFilter.NONE, limit, cursor);
  }

  /** Newest first, filtered, one page after {@code cursor}. */
  public Page<AuditEntry> list(String tenant, AuditFilter f, int limit, String cursor) {
    return db.inTenant(
        tenant,
        jdbc -> {
          Where w =
              new Where("tenant_id = :t", "t", tenant)
                  .and(
                      "id < :before",
                      "before",
                      cursor == null ? null : Cursors.decode(cursor, 1).number(0))
                  .and("action = :action", "action", f.action())
                  .and("actor = :actor", "actor", f.actor())
                  .and("outcome = :outcome", "outcome", f.outcome())
                  .and("at >= :from", "from", f.from())
                  .and("at < :to", "to", f.to())
                  .and("target = :target", "target", f.target())
                  .param("limit", limit + 1);
          List<AuditEntry> rows =
              jdbc.sql(
                      "select id, tenant_id, at, actor, action, target, outcome, details::text"
                          + " from audit_log"
                          + w.sql()
                          + " order by id desc limit :limit")
                  .params(w.params())
                  .query(
                      (rs, n) ->
                          new AuditEntry(
                              rs.getLong(1),
                              rs.getString(2),
                              rs.getTimestamp(3).toInstant(),
                              rs.getString(4),
                              rs.getString(5),
                              rs.getString(6),
                              rs.getString(7),
                              JsonColumns.readMap(rs.getString(8))))
                  .list();
          return Page.of(rows, limit, e -> Cursors.encode(Long.toString(e.id())));
        });
  }
}
