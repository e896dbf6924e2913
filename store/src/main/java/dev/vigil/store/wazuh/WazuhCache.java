package dev.vigil.store.wazuh;

import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Wazuh app's cache of one connection (agents, SCA summaries) and its sync state, as {@code
 * WazuhSyncWorkflow}'s activities write them and the API reads them. Every read and write is in the
 * tenant's row-level-secured transaction.
 */
public class WazuhCache {

  private final TenantJdbc db;

  public WazuhCache(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** An agent as last synced. */
  public record Agent(
      String id,
      String name,
      String ip,
      String status,
      String version,
      String osName,
      String osVersion,
      String osPlatform,
      Instant lastKeepAlive,
      Instant dateAdd,
      List<String> groups,
      String node,
      Instant syncedAt) {}

  /** One SCA policy's result on one agent. */
  public record Sca(
      String agentId,
      String policyId,
      String name,
      String description,
      Integer score,
      Integer pass,
      Integer fail,
      Integer invalid,
      Integer totalChecks,
      Instant endScan,
      Instant syncedAt) {}

  /** The sync's state: its cursor and what it last did. */
  public record SyncState(
      boolean paused,
      Long alertsAfterMs,
      String alertsAfterId,
      long alertsIngested,
      Instant agentsSyncedAt,
      Instant scaSyncedAt,
      Instant alertsSyncedAt,
      Instant lastSuccess,
      String lastError,
      Instant lastErrorAt) {

    public static final SyncState NEW =
        new SyncState(false, null, null, 0, null, null, null, null, null, null);
  }

  // ---------------------------------------------------------------- agents

  /**
   * Replaces the connection's agents with {@code agents} (the whole inventory, read at {@code at}):
   * agents Wazuh no longer lists are removed. With a {@code max} (the tenant's plan's Wazuh agents,
   * over all its connections), only as many as it leaves room for are kept, the first in the
   * inventory's order; the number kept is returned.
   */
  public int replaceAgents(
      String tenant, String connection, List<Agent> inventory, Instant at, Long max) {
    return db.inTenant(
        tenant,
        jdbc -> {
          List<Agent> agents = inventory;
          if (max != null) {
            long others =
                jdbc.sql(
                        "select count(*) from wazuh_agents where tenant_id = :t and connection <>"
                            + " :c")
                    .param("t", tenant)
                    .param("c", connection)
                    .query(Long.class)
                    .single();
            int room = (int) Math.max(0, Math.min(inventory.size(), max - others));
            agents = inventory.subList(0, room);
          }
          for (Agent a : agents) {
            jdbc.sql(
                    "insert into wazuh_agents (tenant_id, connection, agent_id, name, ip, status,"
                        + " version, os_name, os_version, os_platform, last_keep_alive, date_add,"
                        + " groups, node, synced_at) values (:t, :c, :id, :n, :ip, :s, :v, :on,"
                        + " :ov, :op, :k, :d, :g, :node, :at) on conflict (tenant_id, connection,"
                        + " agent_id) do update set name = excluded.name, ip = excluded.ip, status"
                        + " = excluded.status, version = excluded.version, os_name ="
                        + " excluded.os_name, os_version = excluded.os_version, os_platform ="
                        + " excluded.os_platform, last_keep_alive = excluded.last_keep_alive,"
                        + " date_add = excluded.date_add, groups = excluded.groups, node ="
                        + " excluded.node, synced_at = excluded.synced_at")
                .param("t", tenant)
                .param("c", connection)
                .param("id", a.id())
                .param("n", a.name())
                .param("ip", a.ip())
                .param("s", a.status())
                .param("v", a.version())
                .param("on", a.osName())
                .param("ov", a.osVersion())
                .param("op", a.osPlatform())
                .param("k", ts(a.lastKeepAlive()))
                .param("d", ts(a.dateAdd()))
                .param("g", a.groups().toArray(String[]::new))
                .param("node", a.node())
                .param("at", ts(at))
                .update();
          }
          jdbc.sql(
                  "delete from wazuh_agents where tenant_id = :t and connection = :c and synced_at"
                      + " < :at")
              .param("t", tenant)
              .param("c", connection)
              .param("at", ts(at))
              .update();
          state(jdbc, tenant, connection);
          jdbc.sql(
                  "update wazuh_sync set agents_synced_at = :at, last_success = :at where"
                      + " tenant_id = :t and connection = :c")
              .param("t", tenant)
              .param("c", connection)
              .param("at", ts(at))
              .update();
          return agents.size();
        });
  }

  /**
   * A page of the connection's agents by id, optionally of one status and matching {@code q} (name,
   * id or ip, case-insensitive).
   */
  public Page<Agent> agents(
      String tenant, String connection, String status, String q, int limit, String cursor) {
    String after = cursor == null ? null : Cursors.decode(cursor, 1).text(0);
    return db.inTenant(
        tenant,
        jdbc ->
            Page.of(
                jdbc.sql(
                        "select * from wazuh_agents where tenant_id = :t and connection = :c and"
                            + " (cast(:s as text) is null or status = :s) and (cast(:q as text) is"
                            + " null or name ilike :like or agent_id = :q or ip = :q) and"
                            + " (cast(:after as text) is null or agent_id > :after) order by"
                            + " agent_id limit :lim")
                    .param("t", tenant)
                    .param("c", connection)
                    .param("s", status)
                    .param("q", q)
                    .param("like", q == null ? null : "%" + q.replace("%", "\\%") + "%")
                    .param("after", after)
                    .param("lim", limit + 1)
                    .query((rs, n) -> agent(rs))
                    .list(),
                limit,
                a -> Cursors.encode(a.id())));
  }

  public Optional<Agent> agent(String tenant, String connection, String agentId) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select * from wazuh_agents where tenant_id = :t and connection = :c and"
                        + " agent_id = :id")
                .param("t", tenant)
                .param("c", connection)
                .param("id", agentId)
                .query((rs, n) -> agent(rs))
                .optional());
  }

  /** Agents disconnected since before {@code before}, oldest keep-alive first. */
  public List<Agent> disconnectedSince(String tenant, String connection, Instant before) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select * from wazuh_agents where tenant_id = :t and connection = :c and"
                        + " status = 'disconnected' and last_keep_alive < :b order by"
                        + " last_keep_alive limit 1000")
                .param("t", tenant)
                .param("c", connection)
                .param("b", ts(before))
                .query((rs, n) -> agent(rs))
                .list());
  }

  // ---------------------------------------------------------------- SCA

  /** Replaces one agent's SCA summaries with {@code policies}, read at {@code at}. */
  public void replaceSca(
      String tenant, String connection, String agentId, List<Sca> policies, Instant at) {
    db.runInTenant(
        tenant,
        jdbc -> {
          jdbc.sql(
                  "delete from wazuh_sca where tenant_id = :t and connection = :c and agent_id ="
                      + " :a")
              .param("t", tenant)
              .param("c", connection)
              .param("a", agentId)
              .update();
          for (Sca s : policies) {
            jdbc.sql(
                    "insert into wazuh_sca (tenant_id, connection, agent_id, policy_id, name,"
                        + " description, score, pass, fail, invalid, total_checks, end_scan,"
                        + " synced_at) values (:t, :c, :a, :p, :n, :d, :score, :pass, :fail, :inv,"
                        + " :tot, :end, :at)")
                .param("t", tenant)
                .param("c", connection)
                .param("a", agentId)
                .param("p", s.policyId())
                .param("n", s.name())
                .param("d", s.description())
                .param("score", s.score())
                .param("pass", s.pass())
                .param("fail", s.fail())
                .param("inv", s.invalid())
                .param("tot", s.totalChecks())
                .param("end", ts(s.endScan()))
                .param("at", ts(at))
                .update();
          }
        });
  }

  /** Marks an SCA pass over every agent done. */
  public void scaSynced(String tenant, String connection, Instant at) {
    update(tenant, connection, "sca_synced_at = :at, last_success = :at", at, null);
  }

  public List<Sca> sca(String tenant, String connection, String agentId) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select * from wazuh_sca where tenant_id = :t and connection = :c and agent_id"
                        + " = :a order by policy_id")
                .param("t", tenant)
                .param("c", connection)
                .param("a", agentId)
                .query(
                    (rs, n) ->
                        new Sca(
                            rs.getString("agent_id"),
                            rs.getString("policy_id"),
                            rs.getString("name"),
                            rs.getString("description"),
                            integer(rs, "score"),
                            integer(rs, "pass"),
                            integer(rs, "fail"),
                            integer(rs, "invalid"),
                            integer(rs, "total_checks"),
                            instant(rs, "end_scan"),
                            instant(rs, "synced_at")))
                .list());
  }

  // ---------------------------------------------------------------- sync state

  /** The sync's state; {@link SyncState#NEW} before its first pass (a read, never a write). */
  public SyncState state(String tenant, String connection) {
    return db.inTenant(tenant, jdbc -> read(jdbc, tenant, connection).orElse(SyncState.NEW));
  }

  /** The state inside a transaction of the caller's, its row made if the connection has none. */
  public SyncState state(JdbcClient jdbc, String tenant, String connection) {
    jdbc.sql(
            "insert into wazuh_sync (tenant_id, connection) values (:t, :c) on conflict do"
                + " nothing")
        .param("t", tenant)
        .param("c", connection)
        .update();
    return read(jdbc, tenant, connection).orElseThrow();
  }

  private static Optional<SyncState> read(JdbcClient jdbc, String tenant, String connection) {
    return jdbc.sql("select * from wazuh_sync where tenant_id = :t and connection = :c")
        .param("t", tenant)
        .param("c", connection)
        .query(
            (rs, n) ->
                new SyncState(
                    rs.getBoolean("paused"),
                    rs.getObject("alerts_after_ms") == null ? null : rs.getLong("alerts_after_ms"),
                    rs.getString("alerts_after_id"),
                    rs.getLong("alerts_ingested"),
                    instant(rs, "agents_synced_at"),
                    instant(rs, "sca_synced_at"),
                    instant(rs, "alerts_synced_at"),
                    instant(rs, "last_success"),
                    rs.getString("last_error"),
                    instant(rs, "last_error_at")))
        .optional();
  }

  /**
   * Advances the alerts cursor past {@code count} ingested alerts, inside the transaction that
   * stored them.
   */
  public void advanceAlerts(
      JdbcClient jdbc, String tenant, String connection, long afterMs, String afterId, int count) {
    state(jdbc, tenant, connection);
    jdbc.sql(
            "update wazuh_sync set alerts_after_ms = :ms, alerts_after_id = :id, alerts_ingested"
                + " = alerts_ingested + :n where tenant_id = :t and connection = :c")
        .param("t", tenant)
        .param("c", connection)
        .param("ms", afterMs)
        .param("id", afterId)
        .param("n", count)
        .update();
  }

  /**
   * Sets a cursor that is not set yet to just before {@code ms}: the sort id {@code ""} comes
   * before every alert id, so alerts of that very millisecond are still read.
   */
  public void startAlertsAt(String tenant, String connection, long ms) {
    db.runInTenant(
        tenant,
        jdbc -> {
          state(jdbc, tenant, connection);
          jdbc.sql(
                  "update wazuh_sync set alerts_after_ms = :ms, alerts_after_id = '' where"
                      + " tenant_id = :t and connection = :c and alerts_after_ms is null")
              .param("t", tenant)
              .param("c", connection)
              .param("ms", ms)
              .update();
        });
  }

  /** An alerts pass reached the end of what the indexer holds. */
  public void alertsSynced(String tenant, String connection, Instant at) {
    update(tenant, connection, "alerts_synced_at = :at, last_success = :at", at, null);
  }

  /** Records a failed pass ({@code error} says what failed, never a secret). */
  public void failed(String tenant, String connection, String error, Instant at) {
    update(tenant, connection, "last_error = :e, last_error_at = :at", at, error);
  }

  public void paused(String tenant, String connection, boolean paused) {
    db.runInTenant(
        tenant,
        jdbc -> {
          state(jdbc, tenant, connection);
          jdbc.sql("update wazuh_sync set paused = :p where tenant_id = :t and connection = :c")
              .param("t", tenant)
              .param("c", connection)
              .param("p", paused)
              .update();
        });
  }

  private void update(String tenant, String connection, String set, Instant at, String error) {
    db.runInTenant(
        tenant,
        jdbc -> {
          state(jdbc, tenant, connection);
          var sql =
              jdbc.sql("update wazuh_sync set " + set + " where tenant_id = :t and connection = :c")
                  .param("t", tenant)
                  .param("c", connection)
                  .param("at", ts(at));
          if (error != null) {
            sql = sql.param("e", error.length() > 2000 ? error.substring(0, 2000) : error);
          }
          sql.update();
        });
  }

  // ---------------------------------------------------------------- rows

  private static Agent agent(ResultSet rs) throws SQLException {
    Array g = rs.getArray("groups");
    return new Agent(
        rs.getString("agent_id"),
        rs.getString("name"),
        rs.getString("ip"),
        rs.getString("status"),
        rs.getString("version"),
        rs.getString("os_name"),
        rs.getString("os_version"),
        rs.getString("os_platform"),
        instant(rs, "last_keep_alive"),
        instant(rs, "date_add"),
        g == null ? List.of() : Arrays.asList((String[]) g.getArray()),
        rs.getString("node"),
        instant(rs, "synced_at"));
  }

  private static Integer integer(ResultSet rs, String col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
