package dev.vigil.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Records the prepared statements the store sends, with their bound values, so that the benchmark
 * can EXPLAIN the very SQL it measured instead of a copy that could drift from it. Only the
 * DataSource returned by {@link #wrap} records; the timed calls use the plain one.
 */
final class SqlCapture {

  /** A statement as prepared, and the values bound to its parameters (1-based → index 0). */
  record Captured(String sql, List<Object> params) {}

  private final List<Captured> captured = new ArrayList<>();

  /**
   * The statements {@code work} prepared through {@link #wrap}'s DataSource, tenant switch aside.
   */
  List<Captured> capture(Runnable work) {
    captured.clear();
    work.run();
    return captured.stream().filter(c -> !c.sql().startsWith("select set_config(")).toList();
  }

  DataSource wrap(DataSource ds) {
    return proxy(
        DataSource.class,
        ds,
        (m, r) -> m.getName().equals("getConnection") ? connection((Connection) r) : r);
  }

  private Connection connection(Connection c) {
    return proxy(
        Connection.class,
        c,
        (m, r) -> r,
        (m, args) -> {
          if (m.getName().equals("prepareStatement")) {
            Captured k = new Captured((String) args[0], new ArrayList<>());
            captured.add(k);
            return statement((PreparedStatement) m.invoke(c, args), k);
          }
          return m.invoke(c, args);
        });
  }

  private static PreparedStatement statement(PreparedStatement p, Captured k) {
    return proxy(
        PreparedStatement.class,
        p,
        (m, r) -> r,
        (m, args) -> {
          if (m.getName().startsWith("set")
              && args != null
              && args.length >= 2
              && args[0] instanceof Integer i) {
            List<Object> ps = k.params();
            while (ps.size() < i) {
              ps.add(null);
            }
            ps.set(i - 1, m.getName().equals("setNull") ? null : args[1]);
          }
          return m.invoke(p, args);
        });
  }

  /**
   * {@code EXPLAIN (ANALYZE, BUFFERS)} of a captured statement, run as the store runs it: in a
   * transaction as {@code vigil_app} with the tenant set, so row-level security applies. Rolled
   * back.
   */
  static String explain(DataSource ds, String tenant, Captured k) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "select set_config('role', 'vigil_app', true), set_config('vigil.tenant', ?, true)")) {
          s.setString(1, tenant);
          s.executeQuery().close();
        }
        StringBuilder out = new StringBuilder();
        try (PreparedStatement p = c.prepareStatement("explain (analyze, buffers) " + k.sql())) {
          for (int i = 0; i < k.params().size(); i++) {
            p.setObject(i + 1, k.params().get(i));
          }
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.append(rs.getString(1)).append('\n');
            }
          }
        }
        return out.toString();
      } finally {
        c.rollback();
      }
    }
  }

  private interface After {
    Object apply(Method m, Object result) throws Exception;
  }

  private interface Call {
    Object invoke(Method m, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, T target, After after) {
    return proxy(type, target, after, (m, args) -> m.invoke(target, args));
  }

  private static <T> T proxy(Class<T> type, T target, After after, Call call) {
    InvocationHandler h =
        (self, m, args) -> {
          try {
            return after.apply(m, call.invoke(m, args));
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }
}
