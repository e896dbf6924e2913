package dev.vigil.store.system;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of a tenant's rows, newest first by {@code (created_at, id)}: a {@link Where} for the
 * optional filters plus the keyset cursor (the last row's {@code created_at} and {@code id}), so a
 * list of this shape states only its table and its filters.
 */
public final class NewestFirst {

  private final String select;
  private final Where where;

  /** {@code select} is the query up to its {@code from <table>}; the tenant is always a filter. */
  public NewestFirst(String select, String tenant) {
    this.select = select;
    this.where = new Where("tenant_id = :t", "t", tenant);
  }

  /** {@link Where#and}: the condition applies only when {@code value} is given. */
  public NewestFirst and(String condition, String name, Object value) {
    where.and(condition, name, value);
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
      where.andAll(
          true,
          "(created_at, id) < (:cursorAt, :cursorId)",
          Map.of("cursorAt", c.instant(0), "cursorId", c.uuid(1)));
    }
    where.param("limit", limit + 1);
    List<T> found =
        jdbc.sql(select + where.sql() + " order by created_at desc, id desc limit :limit")
            .params(where.params())
            .query(rows)
            .list();
    return Page.of(found, limit, r -> Cursors.encode(createdAt.apply(r).toString(), id.apply(r)));
  }
}
