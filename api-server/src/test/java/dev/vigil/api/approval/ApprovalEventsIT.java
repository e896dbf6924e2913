package dev.vigil.api.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.system.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener's connection never goes back to the pool still LISTENing. */
class ApprovalEventsIT {

  @Test
  void aListenerErrorDiscardsItsConnectionInsteadOfPoolingIt() throws Exception {
    try (HikariDataSource ds = TestDatabase.fresh()) {
      ApprovalEvents events = new ApprovalEvents(ds);
      events.start();
      try {
        awaitListening(ds);
        TestDatabase.execute(ds, "select pg_notify('vigil_approvals', 'not json')");
        Thread.sleep(1_500); // the listener fails within a second, then waits 2 s to reconnect
        List<Connection> all = new ArrayList<>();
        int listening = 0;
        try {
          for (int i = 0; i < ds.getMaximumPoolSize(); i++) {
            Connection c = ds.getConnection();
            all.add(c);
            try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_listening_channels()")) {
              rs.next();
              listening += rs.getInt(1);
            }
          }
        } finally {
          for (Connection c : all) {
            c.close();
          }
        }
        assertThat(listening).as("pooled connections that still LISTEN").isZero();
      } finally {
        events.stop();
      }
    }
  }

  private static void awaitListening(HikariDataSource ds) throws Exception {
    long end = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < end) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select count(*) from pg_stat_activity where query = 'listen vigil_approvals'"
                      + " and pid <> pg_backend_pid()")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the listener never started listening");
  }
}
