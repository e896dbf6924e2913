package dev.vigil.store.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of a tenant's rows, newest first by {@code (created_at, id)}, with optional filters:
 * each {@link #and} adds its condition only when its value is given, so a list endpoint states its
 * filters once instead of building SQL and parameters by hand. The cursor is the last row's {@code
 * created_at} and {@code id}.
 */
public final class NewestFirst {

  private final StringBuilder sql;
  private final Map<String, Object> params = new LinkedHashMap<>();

  /** {@code select} is the query up to and including its {@code where tenant_id = :t}. */
  public NewestFirst(String select, String tenant) {
    this.sql = new StringBuilder(select);
    params.put("t", tenant);
  }

  /** Adds {@code and <condition>} with {@code :name} bound to {@code value}, unless it is null. */
  public NewestFirst and(String condition, String name, Object value) {
    if (value != null) {
      sql.append(" and ").append(condition);
      params.put(name, value instanceof Instant i ? Timestamp.from(i) : value);
    }
    return this;
  }

  /**
   * The page after {@code cursor} (null for the first).
   *
   * @throws IllegalArgumentException if {@code cursor} is not one of this list's cursors
   */
  public <T> Page<T> page(
      JdbcClient jdbc,
      String cursor,
      int limit,
      RowMapper<T> rows,
      Function<T, Instant> createdAt,
      Function<T, String> id) {
    if (cursor != null) {
      Cursors.Cursor c = Cursors.decode(cursor, 2);
      sql.append(" and (created_at, id) < (:cursorAt, :cursorId)");
      params.put("cursorAt", Timestamp.from(c.instant(0)));
      params.put("cursorId", c.uuid(1));
    }
    sql.append(" order by created_at desc, id desc limit :limit");
    params.put("limit", limit + 1);
    var s = jdbc.sql(sql.toString());
    for (var e : params.entrySet()) {
      s = s.param(e.getKey(), e.getValue());
    }
    List<T> found = s.query(rows).list();
    return Page.of(found, limit, r -> Cursors.encode(createdAt.apply(r).toString(), id.apply(r)));
  }
}
