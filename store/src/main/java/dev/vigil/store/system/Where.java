package dev.vigil.store.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way list queries build their optional filters: a condition is added, with its one
 * parameter, only when a value is given — so PostgreSQL plans each query with the filters it really
 * has (an {@code (:x is null or col = :x)} clause would keep it from using the indexes).
 */
public final class Where {

  private final StringBuilder sql = new StringBuilder();
  private final Map<String, Object> params = new LinkedHashMap<>();

  /** Starts with a condition that always applies, e.g. {@code tenant_id = :t}. */
  public Where(String condition, String name, Object value) {
    sql.append(" where ").append(condition);
    params.put(name, jdbc(value));
  }

  /** Adds {@code condition} (which names {@code :name}) when {@code value} is not null. */
  public Where and(String condition, String name, Object value) {
    if (value != null) {
      sql.append(" and ").append(condition);
      params.put(name, jdbc(value));
    }
    return this;
  }

  /** Adds a condition with several parameters (a keyset cursor) when {@code when} holds. */
  public Where andAll(boolean when, String condition, Map<String, Object> values) {
    if (when) {
      sql.append(" and ").append(condition);
      values.forEach((k, v) -> params.put(k, jdbc(v)));
    }
    return this;
  }

  /** Adds a parameter used outside the conditions (a limit). */
  public Where param(String name, Object value) {
    params.put(name, jdbc(value));
    return this;
  }

  /** The {@code where …} clause, starting with a space. */
  public String sql() {
    return sql.toString();
  }

  public Map<String, Object> params() {
    return params;
  }

  private static Object jdbc(Object value) {
    return value instanceof Instant i ? Timestamp.from(i) : value;
  }
}
