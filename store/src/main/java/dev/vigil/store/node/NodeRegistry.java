package dev.vigil.store.node;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.PostgresText;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The {@code nodes} table: who runs, since when, polling what, and how healthy. */
public final class NodeRegistry {

  /**
   * One process.
   *
   * @param id unique for the life of the process (host, pid and a random suffix)
   * @param kind {@code api} or {@code worker} (the standalone app is both: two nodes)
   * @param taskQueues the Temporal task queues a worker polls
   * @param health its own health endpoint's status ({@code UP}, {@code DOWN}, …)
   * @param details what an operator checks next (Temporal address, payload key ids, …)
   */
  public record Node(
      String id,
      String kind,
      String version,
      String host,
      long pid,
      Instant startedAt,
      Instant heartbeatAt,
      List<String> taskQueues,
      String health,
      Map<String, Object> details) {}

  private final TenantJdbc db;

  public NodeRegistry(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Records a heartbeat (inserting the node the first time). */
  public void beat(Node n) {
    db.acrossTenants(
        j ->
            j.sql(
                    "insert into nodes (id, kind, version, host, pid, started_at, heartbeat_at,"
                        + " task_queues, health, details) values (:id, :kind, :version, :host,"
                        + " :pid, :started, :beat, :queues::text[], :health, :details::jsonb) on"
                        + " conflict (id) do update set heartbeat_at = excluded.heartbeat_at,"
                        + " task_queues = excluded.task_queues, health = excluded.health, details"
                        + " = excluded.details")
                .param("id", n.id())
                .param("kind", n.kind())
                .param("version", n.version())
                .param("host", n.host())
                .param("pid", n.pid())
                .param("started", Timestamp.from(n.startedAt()))
                .param("beat", Timestamp.from(n.heartbeatAt()))
                .param("queues", PostgresText.array(n.taskQueues()))
                .param("health", n.health())
                .param("details", JsonColumns.write(n.details()))
                .update());
  }

  /** Every node, newest heartbeat first within each kind. */
  public List<Node> list() {
    return db.acrossTenants(
        j ->
            j.sql(
                    "select id, kind, version, host, pid, started_at, heartbeat_at, task_queues,"
                        + " health, details::text from nodes order by kind, heartbeat_at desc,"
                        + " id")
                .query(
                    (rs, i) ->
                        new Node(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant(),
                            Arrays.asList((String[]) rs.getArray(8).getArray()),
                            rs.getString(9),
                            JsonColumns.readMap(rs.getString(10))))
                .list());
  }

  /** Forgets nodes silent since before {@code before} (stopped or crashed long ago). */
  public int forgetSilentSince(Instant before) {
    return db.acrossTenants(
        j ->
            j.sql("delete from nodes where heartbeat_at < :before")
                .param("before", Timestamp.from(before))
                .update());
  }

  /** Removes one node (a process that stops cleanly says goodbye). */
  public void remove(String id) {
    db.acrossTenants(j -> j.sql("delete from nodes where id = :id").param("id", id).update());
  }
}
