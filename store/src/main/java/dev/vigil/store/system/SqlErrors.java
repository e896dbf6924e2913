package dev.vigil.store.system;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Database errors fit to log. PostgreSQL's messages quote the data that failed ({@code Detail},
 * {@code Where: JSON data, line 1: ...}, {@code invalid input syntax for type uuid: "..."}) and
 * Spring adds the SQL; a log line gets neither — only the SQLState, PostgreSQL's message up to the
 * first quoted value, and the schema objects involved.
 */
public final class SqlErrors {

  private SqlErrors() {}

  /** The SQL error in {@code t}'s causes, or null when there is none. */
  public static SQLException sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }

  /** A description of {@code e} without data, e.g. {@code 22P05 unsupported Unicode escape ...}. */
  public static String describe(SQLException e) {
    StringBuilder sb = new StringBuilder("SQLState ").append(e.getSQLState());
    ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    if (m == null) {
      return sb.toString();
    }
    String message = m.getMessage() == null ? "" : m.getMessage();
    int quoted = message.indexOf(": ");
    sb.append(": ").append(quoted < 0 ? message : message.substring(0, quoted));
    append(sb, "table", m.getTable());
    append(sb, "column", m.getColumn());
    append(sb, "constraint", m.getConstraint());
    return sb.toString();
  }

  /**
   * A throwable to log in place of {@code t} when it holds an SQL error: the same stack trace
   * (where it happened), the description of the SQL error as its message, no causes (their messages
   * hold the data). {@code t} itself when it holds none.
   */
  public static Throwable redacted(Throwable t) {
    SQLException sql = sqlCause(t);
    if (sql == null) {
      return t;
    }
    Throwable r = new Redacted(t.getClass().getName() + ": " + describe(sql));
    r.setStackTrace(t.getStackTrace());
    return r;
  }

  private static void append(StringBuilder sb, String what, String name) {
    if (name != null) {
      sb.append(", ").append(what).append(' ').append(name);
    }
  }

  /** What is logged in place of an exception whose messages hold data. */
  private static final class Redacted extends RuntimeException {
    Redacted(String message) {
      super(message, null, false, true);
    }
  }
}
