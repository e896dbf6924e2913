package dev.vigil.store.report;

import dev.vigil.store.system.ScheduleRows;
import dev.vigil.store.system.TenantJdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Report schedules ({@code report_schedules}): the API keeps them, their workflows their run times.
 */
public class ReportScheduleRepository {

  private final TenantJdbc db;
  private final ScheduleRows rows;

  public ReportScheduleRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
    this.rows = new ScheduleRows(db, "report_schedules", "last_report_id");
  }

  /** A schedule as listed and shown. */
  public record Schedule(
      String name,
      String type,
      String format,
      String period,
      String connection,
      List<String> to,
      String cron,
      long everySeconds,
      String timezone,
      boolean paused,
      Instant nextRunAt,
      Instant lastRunAt,
      String lastReportId,
      String lastError,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  /** What a new schedule is. */
  public record NewSchedule(
      String name,
      String type,
      String format,
      String period,
      String connection,
      List<String> to,
      String cron,
      long everySeconds,
      String timezone) {}

  private static final String COLUMNS =
      "name, type, format, period, connection, recipients, cron, every_seconds, timezone, paused,"
          + " next_run_at, last_run_at, last_report_id::text, last_error, created_by, created_at,"
          + " updated_by, updated_at";

  /** Creates a schedule; false when the name is taken. */
  public boolean create(String tenant, NewSchedule s, String by) {
    return db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql(
                        "insert into report_schedules (tenant_id, name, type, format, period,"
                            + " connection, recipients, cron, every_seconds, timezone, created_by,"
                            + " updated_by) values (:t, :n, :type, :format, :period, :c, :to,"
                            + " :cron, :every, :tz, :by, :by) on conflict do nothing")
                    .param("t", tenant)
                    .param("n", s.name())
                    .param("type", s.type())
                    .param("format", s.format())
                    .param("period", s.period())
                    .param("c", s.connection())
                    .param("to", s.to().toArray(String[]::new))
                    .param("cron", s.cron())
                    .param("every", s.everySeconds())
                    .param("tz", s.timezone())
                    .param("by", by)
                    .update())
        == 1;
  }

  public Optional<Schedule> get(String tenant, String name) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + COLUMNS
                        + " from report_schedules where tenant_id = :t and name = :n")
                .param("t", tenant)
                .param("n", name)
                .query(ReportScheduleRepository::schedule)
                .optional());
  }

  public List<Schedule> list(String tenant) {
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "select "
                        + COLUMNS
                        + " from report_schedules where tenant_id = :t order by name")
                .param("t", tenant)
                .query(ReportScheduleRepository::schedule)
                .list());
  }

  /** The shared row updates: pause, next run time, last run, delete. */
  public ScheduleRows rows() {
    return rows;
  }

  private static Schedule schedule(ResultSet rs, int n) throws SQLException {
    return new Schedule(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        List.of((String[]) rs.getArray(6).getArray()),
        rs.getString(7),
        rs.getLong(8),
        rs.getString(9),
        rs.getBoolean(10),
        instant(rs.getTimestamp(11)),
        instant(rs.getTimestamp(12)),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        instant(rs.getTimestamp(16)),
        rs.getString(17),
        instant(rs.getTimestamp(18)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
