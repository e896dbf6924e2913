package dev.vigil.store.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The rows of a schedule table ({@code scan_schedules}, {@code report_schedules}): keyed by tenant
 * and name, paused by a person, given their next run time by their workflow, and told what each run
 * made ({@code lastColumn}: the scan or report) or why it made nothing.
 */
public final class ScheduleRows {

  private final TenantJdbc db;
  private final String table;
  private final String lastColumn;

  public ScheduleRows(TenantJdbc db, String table, String lastColumn) {
    this.db = db;
    this.table = table;
    this.lastColumn = lastColumn;
  }

  /** Pauses or resumes (as asked by a person). */
  public void paused(String tenant, String name, boolean paused, String by) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update "
                        + table
                        + " set paused = :p, updated_by = :by, updated_at = now() where tenant_id"
                        + " = :t and name = :n")
                .param("p", paused)
                .param("by", by)
                .param("t", tenant)
                .param("n", name)
                .update());
  }

  /** Records the next run time its workflow computed (null: none, or paused). */
  public void next(String tenant, String name, Instant nextRunAt) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update " + table + " set next_run_at = :at where tenant_id = :t and name = :n")
                .param("at", nextRunAt == null ? null : Timestamp.from(nextRunAt))
                .param("t", tenant)
                .param("n", name)
                .update());
  }

  /** Records a run: its time and what it made, or why it could not make it. */
  public void ran(String tenant, String name, Instant at, String madeId, String error) {
    db.runInTenant(
        tenant,
        jdbc ->
            jdbc.sql(
                    "update "
                        + table
                        + " set last_run_at = :at, "
                        + lastColumn
                        + " = coalesce(:made, "
                        + lastColumn
                        + "), last_error = :e where tenant_id = :t and name = :n")
                .param("at", Timestamp.from(at))
                .param("made", madeId == null ? null : UUID.fromString(madeId))
                .param("e", error)
                .param("t", tenant)
                .param("n", name)
                .update());
  }

  public boolean delete(String tenant, String name) {
    return db.inTenant(
            tenant,
            jdbc ->
                jdbc.sql("delete from " + table + " where tenant_id = :t and name = :n")
                    .param("t", tenant)
                    .param("n", name)
                    .update())
        == 1;
  }
}
