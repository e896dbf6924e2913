package dev.vigil.store.report;

import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.NewestFirst;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Generated reports ({@code reports}): queued by the API, run and finished by the worker. */
public class ReportRepository {

  private final TenantJdbc db;

  public ReportRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A report as listed and shown. */
  public record Report(
      String id,
      String type,
      Map<String, Object> params,
      String format,
      String status,
      String requestedBy,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      String fileId,
      Long size,
      Integer pages,
      String error,
      String schedule,
      List<String> deliveredTo,
      Instant deliveredAt,
      String deliveryError,
      Instant expiredAt) {}

  private static final String COLUMNS =
      "id::text, type, params::text, format, status, requested_by, created_at, started_at,"
          + " ended_at, file_id::text, size, pages, error, schedule_name, delivered_to,"
          + " delivered_at, delivery_error, expired_at";

  public Report queue(
      String tenant, UUID id, String type, Map<String, String> params, String format, String by) {
    return queue(tenant, id, type, params, format, by, null);
  }

  /**
   * Queues a report, made by {@code schedule} (null: asked in person); a report already queued
   * under {@code id} (a retry) is left as it is.
   */
  public Report queue(
      String tenant,
      UUID id,
      String type,
      Map<String, String> params,
      String format,
      String by,
      String schedule) {
    db.runInTenant(
        tenant,
        j ->
            j.sql(
                    "insert into reports (tenant_id, id, type, params, format, status,"
                        + " requested_by, schedule_name) values (:t, :id, :type, :params::jsonb,"
                        + " :format, 'queued', :by, :schedule) on conflict do nothing")
                .param("schedule", schedule)
                .param("t", tenant)
                .param("id", id)
                .param("type", type)
                .param("params", JsonColumns.write(params))
                .param("format", format)
                .param("by", by)
                .update());
    return get(tenant, id.toString()).orElseThrow();
  }

  public Optional<Report> get(String tenant, String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return db.inTenant(
        tenant,
        j ->
            j.sql("select " + COLUMNS + " from reports where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", uuid)
                .query(ReportRepository::row)
                .optional());
  }

  /** Newest first; {@code type} and {@code status} null for all. */
  public Page<Report> list(String tenant, String type, String status, int limit, String cursor) {
    return db.inTenant(
        tenant,
        j ->
            new NewestFirst("select " + COLUMNS + " from reports", tenant)
                .and("type = :type", "type", type)
                .and("status = :status", "status", status)
                .page(j, cursor, limit, ReportRepository::row, Report::createdAt, Report::id));
  }

  /** Queued → running (a retry of a running report changes nothing). */
  public void start(String tenant, String id) {
    update(
        tenant,
        "update reports set status = 'running', started_at = coalesce(started_at, now()) where"
            + " tenant_id = :t and id = :id and status in ('queued', 'running')",
        id,
        Map.of());
  }

  public void succeed(String tenant, String id, String fileId, long size, int pages) {
    update(
        tenant,
        "update reports set status = 'succeeded', ended_at = now(), file_id = :file::uuid, size ="
            + " :size, pages = :pages, error = null where tenant_id = :t and id = :id",
        id,
        Map.of("file", fileId, "size", size, "pages", pages));
  }

  public void fail(String tenant, String id, String error) {
    update(
        tenant,
        "update reports set status = 'failed', ended_at = now(), error = :error where tenant_id ="
            + " :t and id = :id and status <> 'succeeded'",
        id,
        Map.of("error", error == null ? "unknown error" : error));
  }

  /** Records whom the report was e-mailed to. */
  public void delivered(String tenant, String id, List<String> to) {
    update(
        tenant,
        "update reports set delivered_to = :to, delivered_at = now(), delivery_error = null where"
            + " tenant_id = :t and id = :id",
        id,
        Map.of("to", to.toArray(String[]::new)));
  }

  /** Records why the report could not be e-mailed. */
  public void undelivered(String tenant, String id, String error) {
    update(
        tenant,
        "update reports set delivery_error = :error where tenant_id = :t and id = :id",
        id,
        Map.of("error", error == null ? "unknown error" : error));
  }

  private void update(String tenant, String sql, String id, Map<String, Object> params) {
    db.runInTenant(
        tenant,
        j -> {
          var s = j.sql(sql).param("t", tenant).param("id", UUID.fromString(id));
          for (var e : params.entrySet()) {
            s = s.param(e.getKey(), e.getValue());
          }
          s.update();
        });
  }

  private static Report row(ResultSet rs, int n) throws SQLException {
    return new Report(
        rs.getString(1),
        rs.getString(2),
        JsonColumns.readMap(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        instant(rs.getTimestamp(7)),
        instant(rs.getTimestamp(8)),
        instant(rs.getTimestamp(9)),
        rs.getString(10),
        (Long) rs.getObject(11, Long.class),
        (Integer) rs.getObject(12, Integer.class),
        rs.getString(13),
        rs.getString(14),
        rs.getArray(15) == null ? null : List.of((String[]) rs.getArray(15).getArray()),
        instant(rs.getTimestamp(16)),
        rs.getString(17),
        instant(rs.getTimestamp(18)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
