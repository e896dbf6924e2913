package dev.vigil.store.audit;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The append-only audit trail (a trigger refuses UPDATE and DELETE). */
public class AuditLog {

  private final JdbcClient jdbc;

  public AuditLog(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public void append(AuditEntry e) {
    jdbc.sql(
            "insert into audit_log (tenant_id, actor, action, target, outcome, details)"
                + " values (:t, :a, :act, :tg, :o, :d::jsonb)")
        .param("t", e.tenant())
        .param("a", e.actor())
        .param("act", e.action())
        .param("tg", e.target())
        .param("o", e.outcome())
        .param("d", JsonColumns.write(e.details()))
        .update();
  }

  /** Newest first, one page after {@code cursor}. */
  public Page<AuditEntry> list(String tenant, int limit, String cursor) {
    long before =
        cursor == null ? Long.MAX_VALUE : Long.parseLong(Cursors.decode(cursor, 1).get(0));
    List<AuditEntry> rows =
        jdbc.sql(
                "select id, tenant_id, at, actor, action, target, outcome, details::text from audit_log"
                    + " where tenant_id = :t and id < :before order by id desc limit :limit")
            .param("t", tenant)
            .param("before", before)
            .param("limit", limit + 1)
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
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<AuditEntry> items = new ArrayList<>(rows.subList(0, limit));
    return new Page<>(items, Cursors.encode(Long.toString(items.get(limit - 1).id())));
  }
}
