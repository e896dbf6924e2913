package dev.vigil.store.notify;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;

/** The tenants' notification routes and what was delivered through them. */
public class NotificationRepository {

  private static final String ROUTE_COLUMNS =
      "tenant_id, name, events, severities, connection, target, enabled, created_by, created_at,"
          + " updated_by, updated_at";

  /**
   * A route: which events (of which severities; all when empty) go to which channel.
   *
   * @param connection the channel: a connection of provider slack, smtp, webhook or pagerduty
   * @param target where on the channel: a Slack channel, e-mail addresses; null for the
   *     connection's own default
   */
  public record Route(
      String tenant,
      String name,
      List<String> events,
      List<String> severities,
      String connection,
      String target,
      boolean enabled,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {
    public Route {
      events = List.copyOf(events);
      severities = List.copyOf(severities);
    }
  }

  /**
   * One notification delivered (or given up on) through one route.
   *
   * @param ref what the channel answered, e.g. a Slack message's {@code channel} and {@code ts}
   */
  public record Delivery(
      String tenant,
      String key,
      String route,
      String event,
      String connection,
      String provider,
      String target,
      String status,
      Map<String, Object> ref,
      String error,
      int attempts,
      Instant sentAt) {}

  private final TenantJdbc db;

  public NotificationRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  public List<Route> routes(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + ROUTE_COLUMNS
                        + " from notification_routes where tenant_id = :t order by name")
                .param("t", tenant)
                .query(NotificationRepository::route)
                .list());
  }

  public Optional<Route> route(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + ROUTE_COLUMNS
                        + " from notification_routes where tenant_id = :t and name = :n")
                .param("t", tenant)
                .param("n", name)
                .query(NotificationRepository::route)
                .optional());
  }

  /** The enabled routes that send {@code event}, of {@code severity} (null: any route). */
  public List<Route> matching(String tenant, String event, String severity) {
    return routes(tenant).stream()
        .filter(Route::enabled)
        .filter(r -> r.events().contains(event))
        .filter(
            r -> r.severities().isEmpty() || severity == null || r.severities().contains(severity))
        .toList();
  }

  /** The tenants with an enabled route for {@code event}, whatever their number. */
  public List<String> tenantsRouting(String event) {
    return db.acrossTenants(
        jdbc ->
            jdbc.sql(
                    "select distinct tenant_id from notification_routes where enabled and :e ="
                        + " any(events) order by tenant_id")
                .param("e", event)
                .query(String.class)
                .list());
  }

  /** Creates a route; false when the tenant has one of that name. */
  public boolean create(Route r) {
    try {
      db.runInTenant(
          r.tenant(),
          jdbc ->
              jdbc.sql(
                      "insert into notification_routes (tenant_id, name, events, severities,"
                          + " connection, target, enabled, created_by, updated_by) values (:t, :n,"
                          + " :e, :s, :c, :tg, :en, :by, :by)")
                  .param("t", r.tenant())
                  .param("n", r.name())
                  .param("e", r.events().toArray(String[]::new))
                  .param("s", r.severities().toArray(String[]::new))
                  .param("c", r.connection())
                  .param("tg", r.target())
                  .param("en", r.enabled())
                  .param("by", r.createdBy())
                  .update());
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /** Replaces a route's fields; false when there is no such route. */
  public boolean update(Route r) {
    return db.inTenant(
        r.tenant(),
        jdbc ->
            jdbc.sql(
                        "update notification_routes set events = :e, severities = :s, connection ="
                            + " :c, target = :tg, enabled = :en, updated_by = :by, updated_at ="
                            + " now() where tenant_id = :t and name = :n")
                    .param("e", r.events().toArray(String[]::new))
                    .param("s", r.severities().toArray(String[]::new))
                    .param("c", r.connection())
                    .param("tg", r.target())
                    .param("en", r.enabled())
                    .param("by", r.updatedBy())
                    .param("t", r.tenant())
                    .param("n", r.name())
                    .update()
                == 1);
  }

  public boolean delete(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("delete from notification_routes where tenant_id = :t and name = :n")
                    .param("t", tenant)
                    .param("n", name)
                    .update()
                == 1);
  }

  /** The names of routes that use {@code connection} (it cannot go while they do). */
  public List<String> routesUsing(String tenant, String connection) {
    return routes(tenant).stream()
        .filter(r -> r.connection().equals(connection))
        .map(Route::name)
        .toList();
  }

  /** What was delivered of notification {@code key}, by route. */
  public List<Delivery> deliveries(String tenant, String key) {
    return deliveriesWhere(tenant, key, "key = :k");
  }

  /** The deliveries of {@code key} and of the keys below it ({@code key/…}), by key and route. */
  public List<Delivery> deliveriesUnder(String tenant, String key) {
    return deliveriesWhere(tenant, key, "(key = :k or left(key, length(:k) + 1) = :k || '/')");
  }

  private List<Delivery> deliveriesWhere(String tenant, String key, String condition) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select tenant_id, key, route, event, connection, provider, target, status,"
                        + " ref::text, error, attempts, sent_at from notification_deliveries"
                        + " where tenant_id = :t and "
                        + condition
                        + " order by key, route")
                .param("t", tenant)
                .param("k", key)
                .query(NotificationRepository::delivery)
                .list());
  }

  /** The latest deliveries of the tenant, newest first. */
  public List<Delivery> recentDeliveries(String tenant, int limit) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select tenant_id, key, route, event, connection, provider, target, status,"
                        + " ref::text, error, attempts, sent_at from notification_deliveries"
                        + " where tenant_id = :t order by sent_at desc limit :l")
                .param("t", tenant)
                .param("l", limit)
                .query(NotificationRepository::delivery)
                .list());
  }

  /** Records (or re-records, after another attempt) a delivery. */
  public void record(Delivery d) {
    db.runInTenant(
        d.tenant(),
        jdbc ->
            jdbc.sql(
                    "insert into notification_deliveries (tenant_id, key, route, event,"
                        + " connection, provider, target, status, ref, error, attempts) values (:t,"
                        + " :k, :r, :e, :c, :p, :tg, :st, cast(:ref as jsonb), :err, :a) on"
                        + " conflict (tenant_id, key, route) do update set status = excluded.status,"
                        + " ref = excluded.ref, error = excluded.error, attempts ="
                        + " notification_deliveries.attempts + 1, sent_at = now()")
                .param("t", d.tenant())
                .param("k", d.key())
                .param("r", d.route())
                .param("e", d.event())
                .param("c", d.connection())
                .param("p", d.provider())
                .param("tg", d.target())
                .param("st", d.status())
                .param("ref", d.ref() == null ? null : JsonColumns.write(d.ref()))
                .param("err", d.error())
                .param("a", d.attempts())
                .update());
  }

  private static Route route(ResultSet rs, int n) throws SQLException {
    return new Route(
        rs.getString(1),
        rs.getString(2),
        Arrays.asList((String[]) rs.getArray(3).getArray()),
        Arrays.asList((String[]) rs.getArray(4).getArray()),
        rs.getString(5),
        rs.getString(6),
        rs.getBoolean(7),
        rs.getString(8),
        rs.getTimestamp(9).toInstant(),
        rs.getString(10),
        rs.getTimestamp(11).toInstant());
  }

  private static Delivery delivery(ResultSet rs, int n) throws SQLException {
    String ref = rs.getString(9);
    return new Delivery(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        ref == null ? null : JsonColumns.readMap(ref),
        rs.getString(10),
        rs.getInt(11),
        rs.getTimestamp(12).toInstant());
  }
}
