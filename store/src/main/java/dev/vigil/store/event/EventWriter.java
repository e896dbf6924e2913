package dev.vigil.store.event;

import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.EventDocs;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Commits ingest batches. One batch is one transaction: the events (tagged with a chunk id from a
 * sequence; COPY into a session-local staging table, then one INSERT … SELECT through row-level
 * security, which checks every row's tenant), the sources it touched, and last the tenant's next
 * batch number with the batch record and its answer — so the tenant's lock that orders batch
 * numbers is held only for the moment before the commit. An {@code Idempotency-Key} seen before
 * answers the earlier batch and writes nothing.
 */
public class EventWriter {

  private static final String COLUMNS =
      "tenant_id, time, id, chunk_id, ordinal, ingested_at, format, system, category, type,"
          + " action, outcome, severity, actor_name, src_ip, dst_ip, message, doc";

  private final TenantJdbc db;
  private final EventPartitions partitions;

  public EventWriter(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.partitions = new EventPartitions(db);
  }

  public EventPartitions partitions() {
    return partitions;
  }

  /**
   * Commits the accepted events of one request.
   *
   * @param events identified events of this tenant (id, tenant and ingestedAt set)
   * @param response the JSON answer to store with the batch (replayed for a repeated key)
   */
  public IngestReceipt append(
      String tenant,
      String receivedBy,
      String format,
      List<Event> events,
      int rejected,
      String idempotencyKey,
      String response) {
    return append(tenant, receivedBy, format, events, rejected, idempotencyKey, response, j -> {});
  }

  /**
   * Commits events together with the caller's own writes ({@code alsoInTransaction}, e.g. a sync
   * cursor), so that both are stored or neither is.
   */
  public IngestReceipt append(
      String tenant,
      String receivedBy,
      String format,
      List<Event> events,
      int rejected,
      String idempotencyKey,
      String response,
      java.util.function.Consumer<JdbcClient> alsoInTransaction) {
    TreeSet<LocalDate> days = new TreeSet<>();
    for (Event e : events) {
      days.add(LocalDate.ofInstant(e.time(), ZoneOffset.UTC));
    }
    partitions.ensure(days);
    try {
      return commit(
          tenant,
          receivedBy,
          format,
          events,
          rejected,
          idempotencyKey,
          response,
          alsoInTransaction);
    } catch (org.springframework.dao.DataAccessException e) {
      if (!missingPartition(e)) {
        throw e;
      }
      // Retention (in another process) dropped a day this process still knew: create it again.
      partitions.forget(days);
      partitions.ensure(days);
      return commit(
          tenant,
          receivedBy,
          format,
          events,
          rejected,
          idempotencyKey,
          response,
          alsoInTransaction);
    }
  }

  private static boolean missingPartition(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && "23514".equals(sql.getSQLState())
          && String.valueOf(sql.getMessage()).contains("no partition")) {
        return true;
      }
    }
    return false;
  }

  private IngestReceipt commit(
      String tenant,
      String receivedBy,
      String format,
      List<Event> events,
      int rejected,
      String idempotencyKey,
      String response,
      java.util.function.Consumer<JdbcClient> alsoInTransaction) {
    try {
      return db.inTenant(
          tenant,
          jdbc -> {
            Optional<IngestReceipt> earlier = earlier(jdbc, tenant, idempotencyKey);
            if (earlier.isPresent()) {
              return earlier.get();
            }
            long chunk = jdbc.sql("select nextval('event_chunks')").query(Long.class).single();
            if (!events.isEmpty()) {
              copy(jdbc, tenant, chunk, events);
            }
            sources(jdbc, tenant, events);
            alsoInTransaction.accept(jdbc);
            // the day's counter before the stream's number: every writer takes the two row locks
            // in this order (ingest's plan check locks the counter first), so none deadlocks
            UsageCounters.add(jdbc, tenant, UsageCounters.EVENTS, events.size());
            // Last, the number: its row lock is held until the commit that follows at once.
            long batch =
                jdbc.sql(
                        "insert into event_streams (tenant_id, last_batch) values (:t, 1)"
                            + " on conflict (tenant_id) do update set last_batch ="
                            + " event_streams.last_batch + 1 returning last_batch")
                    .param("t", tenant)
                    .query(Long.class)
                    .single();
            // A request with the same key may have committed while this one waited for the lock.
            earlier = earlier(jdbc, tenant, idempotencyKey);
            if (earlier.isPresent()) {
              throw new Replayed(earlier.get()); // rolls back what this one wrote
            }
            Instant min = events.stream().map(Event::time).min(Instant::compareTo).orElse(null);
            Instant max = events.stream().map(Event::time).max(Instant::compareTo).orElse(null);
            jdbc.sql(
                    "insert into event_batches (tenant_id, batch_id, chunk_id, received_by,"
                        + " format, accepted, rejected, min_time, max_time, idempotency_key,"
                        + " response) values (:t, :b, :c, :by, :f, :a, :r, :min, :max, :k, :resp)")
                .param("t", tenant)
                .param("b", batch)
                .param("c", chunk)
                .param("by", receivedBy)
                .param("f", format)
                .param("a", events.size())
                .param("r", rejected)
                .param("min", min == null ? null : Timestamp.from(min))
                .param("max", max == null ? null : Timestamp.from(max))
                .param("k", idempotencyKey)
                .param("resp", response)
                .update();
            return new IngestReceipt(batch, false, response);
          });
    } catch (Replayed r) {
      return r.receipt;
    }
  }

  /** A concurrent request with the same Idempotency-Key committed first. */
  private static final class Replayed extends RuntimeException {
    final IngestReceipt receipt;

    Replayed(IngestReceipt receipt) {
      super(null, null, false, false);
      this.receipt = receipt;
    }
  }

  private static Optional<IngestReceipt> earlier(JdbcClient jdbc, String tenant, String key) {
    if (key == null) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select batch_id, response from event_batches where tenant_id = :t and"
                + " idempotency_key = :k")
        .param("t", tenant)
        .param("k", key)
        .query((rs, n) -> new IngestReceipt(rs.getLong(1), true, rs.getString(2)))
        .optional();
  }

  private void copy(JdbcClient jdbc, String tenant, long chunk, List<Event> events) {
    jdbc.sql(
            "create temp table if not exists event_stage (tenant_id text, time timestamptz, id"
                + " uuid, chunk_id bigint, ordinal integer, ingested_at timestamptz, format text,"
                + " system text, category text, type text, action text, outcome text, severity"
                + " smallint, actor_name text, src_ip text, dst_ip text, message text, doc json)"
                + " on commit delete rows")
        .update();
    StringBuilder csv = new StringBuilder(events.size() * 512);
    int ordinal = 0;
    for (Event e : events) {
      Csv.row(
          csv,
          tenant,
          e.time().toString(),
          e.id(),
          Long.toString(chunk),
          Integer.toString(ordinal++),
          e.ingestedAt().toString(),
          e.source().format(),
          e.source().system(),
          e.category(),
          e.type(),
          e.action(),
          e.outcome(),
          Integer.toString(e.severity()),
          e.actor().name(),
          e.src().ip(),
          e.dst().ip(),
          e.message(),
          doc(e));
    }
    try {
      PGConnection pg = db.connection().unwrap(PGConnection.class);
      pg.getCopyAPI()
          .copyIn(
              "copy event_stage (" + COLUMNS + ") from stdin (format csv)",
              new StringReader(csv.toString()));
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("COPY of " + events.size() + " events failed", e);
    }
    jdbc.sql("insert into events (" + COLUMNS + ") select " + COLUMNS + " from event_stage")
        .update();
    jdbc.sql("truncate event_stage").update();
  }

  /** The stored document; NUL cannot be stored in jsonb, so it becomes U+FFFD. */
  private static String doc(Event e) {
    String json = EventDocs.write(e);
    if (json.contains("\\u0000")) {
      json = dev.vigil.playbook.json.Json.write(PostgresText.clean((Object) e.toMap()));
    }
    return json;
  }

  private static void sources(JdbcClient jdbc, String tenant, List<Event> events) {
    record Span(Instant first, Instant last) {}
    Map<List<String>, Span> spans = new LinkedHashMap<>();
    for (Event e : events) {
      List<String> k =
          List.of(e.source().format(), e.source().system() == null ? "" : e.source().system());
      spans.merge(
          k,
          new Span(e.time(), e.time()),
          (a, b) ->
              new Span(
                  a.first().isBefore(b.first()) ? a.first() : b.first(),
                  a.last().isAfter(b.last()) ? a.last() : b.last()));
    }
    spans.forEach(
        (k, s) ->
            jdbc.sql(
                    "insert into event_sources (tenant_id, format, system, first_event_at,"
                        + " last_event_at, first_received_at, last_received_at) values (:t, :f,"
                        + " :s, :first, :last, now(), now()) on conflict (tenant_id, format,"
                        + " system) do update set first_event_at = least(event_sources.first_event_at,"
                        + " excluded.first_event_at), last_event_at ="
                        + " greatest(event_sources.last_event_at, excluded.last_event_at),"
                        + " last_received_at = now()")
                .param("t", tenant)
                .param("f", k.get(0))
                .param("s", PostgresText.clean(k.get(1)))
                .param("first", Timestamp.from(s.first()))
                .param("last", Timestamp.from(s.last()))
                .update());
  }
}
