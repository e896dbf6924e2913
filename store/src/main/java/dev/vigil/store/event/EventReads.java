package dev.vigil.store.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.event.EventDocs;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads events: the detection consumer's batches, the search, an alert's evidence. */
public class EventReads {

  private final TenantJdbc db;

  public EventReads(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Batches committed after {@code after}, oldest first. Runs in the caller's transaction. */
  public List<StoredBatch> batchesAfter(JdbcClient jdbc, String tenant, long after, int limit) {
    return jdbc.sql(
            "select batch_id, chunk_id, accepted, min_time, max_time, received_at from"
                + " event_batches where"
                + " tenant_id = :t"
                + " and batch_id > :a order by batch_id limit :l")
        .param("t", tenant)
        .param("a", after)
        .param("l", limit)
        .query(
            (rs, n) ->
                new StoredBatch(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getInt(3),
                    instant(rs.getTimestamp(4)),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6))))
        .list();
  }

  /** The events of one batch in ingest order; the time range lets PostgreSQL skip partitions. */
  public List<Event> eventsOf(JdbcClient jdbc, String tenant, StoredBatch b) {
    if (b.accepted() == 0) {
      return List.of();
    }
    return jdbc.sql(
            "select doc::text from events where tenant_id = :t and chunk_id = :b and time between"
                + " :min and :max order by ordinal")
        .param("t", tenant)
        .param("b", b.chunkId())
        .param("min", Timestamp.from(b.minTime()))
        .param("max", Timestamp.from(b.maxTime()))
        .query((rs, n) -> read(rs.getString(1)))
        .list();
  }

  /** Events of a tenant with time in {@code [from, to)}, in time order (rule tests). */
  public void scan(
      String tenant, Instant from, Instant to, int max, java.util.function.Consumer<Event> sink) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select doc::text from events where tenant_id = :t and time >= :f and time < :to"
                        + " order by time, id limit :max")
                .param("t", tenant)
                .param("f", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("max", max)
                .query(
                    rs -> {
                      sink.accept(read(rs.getString(1)));
                    }));
  }

  /** One page of the search, newest first. */
  public Page<Map<String, Object>> search(String tenant, EventQuery q) {
    Where w =
        new Where("tenant_id = :t", "t", tenant)
            .and("time >= :from", "from", q.from())
            .and("time < :to", "to", q.to())
            .and("category = :c", "c", q.category())
            .and("type = :ty", "ty", q.type())
            .and("outcome = :o", "o", q.outcome())
            .and("actor_name = :u", "u", q.user())
            .and("(src_ip = :ip or dst_ip = :ip)", "ip", q.ip());
    // Every word must occur in the message or the raw record (case-insensitive substrings). No
    // text index: it halved ingest; the time range and the other filters bound what is scanned.
    if (q.q() != null) {
      String[] words = PostgresText.clean(q.q()).trim().split("\\s+");
      for (int i = 0; i < words.length && i < 10; i++) {
        w.and(
            "(coalesce(message, '') || ' ' || coalesce(doc ->> 'raw', '')) ilike :q"
                + i
                + " escape '\\'",
            "q" + i,
            "%" + words[i].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      }
    }
    return newestFirst(tenant, w, q.limit(), q.cursor());
  }

  private Page<Map<String, Object>> newestFirst(String tenant, Where w, int limit, String cursor) {
    if (cursor != null) {
      Cursors.Cursor c = Cursors.decode(cursor, 2);
      w.andAll(true, "(time, id) < (:ct, :cid)", Map.of("ct", c.instant(0), "cid", c.uuid(1)));
    }
    w.param("l", limit + 1);
    List<Map<String, Object>> rows =
        db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "select doc::text from events"
                            + w.sql()
                            + " order by time desc, id desc limit :l")
                    .params(w.params())
                    .query((rs, n) -> JsonColumns.readMap(rs.getString(1)))
                    .list());
    return Page.of(
        rows,
        limit,
        r -> Cursors.encode(String.valueOf(r.get("time")), String.valueOf(r.get("id"))));
  }

  /**
   * One page of a Wazuh connection's alerts about one agent (by the agent's id in the alert),
   * newest first.
   */
  public Page<Map<String, Object>> wazuhAlerts(
      String tenant, String connection, String agentId, int limit, String cursor) {
    Where w =
        new Where("tenant_id = :t", "t", tenant)
            .and("format = :f", "f", "wazuh-alert")
            .and("doc -> 'source' ->> 'integration' = :c", "c", connection)
            .and("doc -> 'attributes' -> 'agent' ->> 'id' = :a", "a", agentId);
    return newestFirst(tenant, w, limit, cursor);
  }

  /** Events by id (an alert's evidence), in time order; ids of other tenants find nothing. */
  public List<Map<String, Object>> byIds(String tenant, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<UUID> uuids = ids.stream().map(UUID::fromString).toList();
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select doc::text from events where tenant_id = :t and id in (:ids) order by"
                        + " time, id")
                .param("t", tenant)
                .param("ids", uuids)
                .query((rs, n) -> JsonColumns.readMap(rs.getString(1)))
                .list());
  }

  private static Event read(String json) {
    try {
      return EventDocs.read(Json.parse(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored event is not JSON", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
