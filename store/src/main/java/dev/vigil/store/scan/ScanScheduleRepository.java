package dev.vigil.store.scan;

import dev.vigil.store.system.ScheduleRows;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Scan schedules ({@code scan_schedules}): the API keeps them, their workflows their run times. */
public class ScanScheduleRepository {

  private final TenantJdbc db;
  private final ScheduleRows rows;

  public ScanScheduleRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.rows = new ScheduleRows(db, "scan_schedules", "last_scan_id");
  }

  /** A schedule as listed and shown. */
  public record Schedule(
      String name,
      String target,
      String profile,
      String ports,
      String cron,
      long everySeconds,
      String timezone,
      boolean paused,
      Instant nextRunAt,
      Instant lastRunAt,
      String lastScanId,
      String lastError,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  private static final String COLUMNS =
      "name, target, profile, ports, cron, every_seconds, timezone, paused, next_run_at,"
          + " last_run_at, last_scan_id::text, last_error, created_by, created_at, updated_by,"
          + " updated_at";

  /** Creates a schedule; false when the name is taken. */
  public boolean create(
      String tenant,
      String name,
      String target,
      String profile,
      String ports,
      String cron,
      long everySeconds,
      String timezone,
      String by) {
    return db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "insert into scan_schedules (tenant_id, name, target, profile, ports, cron,"
                            + " every_seconds, timezone, created_by, updated_by) values (:t, :n,"
                            + " :target, :profile, :ports, :cron, :every, :tz, :by, :by) on conflict"
                            + " do nothing")
                    .param("t", tenant)
                    .param("n", name)
                    .param("target", target)
                    .param("profile", profile)
                    .param("ports", ports)
                    .param("cron", cron)
                    .param("every", everySeconds)
                    .param("tz", timezone)
                    .param("by", by)
                    .update())
        == 1;
  }

  public Optional<Schedule> get(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select " + COLUMNS + " from scan_schedules where tenant_id = :t and name = :n")
                .param("t", tenant)
                .param("n", name)
                .query(ScanScheduleRepository::schedule)
                .optional());
  }

  public List<Schedule> list(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select " + COLUMNS + " from scan_schedules where tenant_id = :t order by name")
                .param("t", tenant)
                .query(ScanScheduleRepository::schedule)
                .list());
  }

  /** Pauses or resumes (as asked by a person). */
  public void paused(String tenant, String name, boolean paused, String by) {
    rows.paused(tenant, name, paused, by);
  }

  /** Records the next run time its workflow computed (null: none, or paused). */
  public void next(String tenant, String name, Instant nextRunAt) {
    rows.next(tenant, name, nextRunAt);
  }

  /** Records a run: its time and scan, or why it could not start. */
  public void ran(String tenant, String name, Instant at, String scanId, String error) {
    rows.ran(tenant, name, at, scanId, error);
  }

  public boolean delete(String tenant, String name) {
    return rows.delete(tenant, name);
  }

  private static Schedule schedule(ResultSet rs, int n) throws SQLException {
    return new Schedule(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getString(7),
        rs.getBoolean(8),
        instant(rs.getTimestamp(9)),
        instant(rs.getTimestamp(10)),
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        instant(rs.getTimestamp(14)),
        rs.getString(15),
        instant(rs.getTimestamp(16)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
