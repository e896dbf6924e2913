package dev.vigil.worker.detection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;

/**
 * The detection consumer: runs the tenants' rules over their stored events, in the worker (and the
 * standalone app), never in the HTTP request — so counts are right whichever API server received
 * the events. It wakes on PostgreSQL's {@code vigil_events} notification, sent when a batch
 * commits, and also polls every second so a missed notification only delays. Several workers may
 * run it: a tenant is processed by whoever claims its cursor first (see {@link DetectionPass}).
 * Once a minute it also checks for sources gone silent ({@link SourceSilence}).
 */
public class DetectionConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DetectionConsumer.class);
  private static final int POLL_MILLIS = 1_000;

  private final DataSource dataSource;
  private static final long SILENCE_EVERY_MILLIS = 60_000;

  private final DetectionPass pass;
  private volatile Runnable afterDrain = () -> {};
  private final SourceSilence silence;
  private long lastSilenceCheck;
  private volatile boolean running;
  private Thread thread;

  public DetectionConsumer(DataSource dataSource, int maxEventsPerPass) {
    this(dataSource, maxEventsPerPass, dev.vigil.workflows.system.VigilMeters.discard());
  }

  public DetectionConsumer(
      DataSource dataSource, int maxEventsPerPass, dev.vigil.workflows.system.VigilMeters meters) {
    this.dataSource = dataSource;
    this.pass = new DetectionPass(dataSource, maxEventsPerPass, meters);
    this.silence = new SourceSilence(dataSource);
  }

  public DetectionPass pass() {
    return pass;
  }

  /**
   * Runs after every drain, on the consumer's thread: the incident router, so alerts reach their
   * incidents right after the pass that raised them.
   */
  public void afterDrain(Runnable work) {
    this.afterDrain = work;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "vigil-detections");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the database is migrated and before the web server takes requests. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2048;
  }

  private void loop() {
    Connection listener = null;
    while (running) {
      try {
        if (listener == null) {
          listener = listen();
        }
        drain();
        afterDrain.run();
        if (System.currentTimeMillis() - lastSilenceCheck >= SILENCE_EVERY_MILLIS) {
          lastSilenceCheck = System.currentTimeMillis();
          silence.check(java.time.Instant.now());
        }
        waitForEvents(listener);
      } catch (SQLException e) {
        log.warn("detection consumer lost its notification connection: {}", e.getMessage());
        close(listener);
        listener = null;
        sleep();
      } catch (RuntimeException e) {
        if (running) {
          log.error("detection pass failed; retrying", e);
          sleep();
        }
      }
    }
    close(listener);
  }

  /** Processes every tenant until none is behind. */
  public void drain() {
    boolean progressed = true;
    while (running && progressed) {
      progressed = false;
      List<String> behind = pass.cursors().tenantsBehind();
      for (String tenant : behind) {
        MDC.put("tenant", tenant);
        try {
          DetectionPass.Result r = pass.run(tenant);
          progressed |= r.claimed() && r.batches() > 0;
        } finally {
          MDC.remove("tenant");
        }
      }
    }
  }

  private Connection listen() throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("listen vigil_events");
    }
    return c;
  }

  private static void waitForEvents(Connection listener) throws SQLException {
    listener.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
  }

  private void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing more to do
      }
    }
  }
}
