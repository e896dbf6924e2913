package dev.vigil.api.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live changes for the UI: one connection per API server LISTENs on a PostgreSQL channel (a trigger
 * notifies at commit, whichever process wrote the row; the payload is JSON with the tenant) and
 * every change is sent to the Server-Sent-Event streams of that tenant only. Reconnects after
 * database errors. A subclass names the channel and turns a payload into the event's data.
 */
public abstract class TenantEvents implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(TenantEvents.class);
  private static final long TIMEOUT_MS = 30 * 60_000L;

  private final DataSource dataSource;
  private final String channel;
  private final String event;
  private final Map<String, List<SseEmitter>> byTenant = new ConcurrentHashMap<>();
  private volatile boolean running;
  private Thread listener;

  protected TenantEvents(DataSource dataSource, String channel, String event) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.event = event;
  }

  /** The event's JSON data for a notification of {@code tenant}, or null to send nothing. */
  protected abstract String data(String tenant, JsonNode payload);

  /** A new stream for {@code tenant}; the first event says it is connected. */
  public SseEmitter subscribe(String tenant) {
    SseEmitter e = new SseEmitter(TIMEOUT_MS);
    List<SseEmitter> list = byTenant.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>());
    list.add(e);
    Runnable remove = () -> list.remove(e);
    e.onCompletion(remove);
    e.onTimeout(remove);
    e.onError(x -> remove.run());
    try {
      e.send(SseEmitter.event().name("connected").data("{}", MediaType.APPLICATION_JSON));
    } catch (IOException x) {
      remove.run();
    }
    return e;
  }

  @Override
  public void start() {
    running = true;
    listener = new Thread(this::listen, channel + "-events");
    listener.setDaemon(true);
    listener.start();
  }

  /**
   * Ends every open stream first (the default phase stops before the web server's graceful
   * shutdown, which would otherwise wait for these never-ending requests).
   */
  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
    byTenant.values().forEach(l -> l.forEach(SseEmitter::complete));
    byTenant.clear();
  }

  @Override
  public boolean isRunning() {
    return running && listener != null;
  }

  private void listen() {
    while (running) {
      Connection c = null;
      try {
        c = dataSource.getConnection();
        try (Statement s = c.createStatement()) {
          s.execute("listen " + channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] ns = pg.getNotifications(1_000);
          if (ns != null) {
            for (PGNotification n : ns) {
              dispatch(n.getParameter());
            }
          }
        }
      } catch (Exception e) {
        if (running) {
          log.warn("{} notifications interrupted ({}); reconnecting", channel, e.getMessage());
          try {
            Thread.sleep(2_000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      } finally {
        discard(c);
      }
    }
  }

  /**
   * Ends the listening connection instead of handing it back to the pool: a pooled connection that
   * still LISTENs would queue notifications for whichever request borrows it next.
   */
  private void discard(Connection c) {
    if (c == null) {
      return;
    }
    try {
      if (dataSource.isWrapperFor(HikariDataSource.class)) {
        dataSource.unwrap(HikariDataSource.class).evictConnection(c); // closes it for real
        return;
      }
    } catch (SQLException e) {
      // not a Hikari pool after all
    }
    try (Statement s = c.createStatement()) {
      s.execute("unlisten *");
    } catch (SQLException e) {
      // a broken connection; the pool will test it
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing the {} listener's connection failed", channel, e);
    }
  }

  private void dispatch(String payload) throws IOException {
    JsonNode n = Json.parse(payload);
    String tenant = n.path("tenant").asText();
    List<SseEmitter> list = byTenant.get(tenant);
    if (list == null || list.isEmpty()) {
      return;
    }
    String data = data(tenant, n);
    if (data == null) {
      return;
    }
    for (SseEmitter e : list) {
      try {
        e.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException gone) {
        list.remove(e);
      }
    }
  }
}
