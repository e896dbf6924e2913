package dev.vigil.store.run;

import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs and their step states. Writes from the run workflow carry a per-run sequence number and are
 * applied only when newer than what is stored, so retried or replayed projection activities never
 * move a run backwards or duplicate anything.
 */
public class RunRepository {

  private static final String COLUMNS =
      "tenant_id, run_id, workflow_id, playbook_key, playbook_version, status, mode, inputs::text as inputs,"
          + " outputs::text as outputs, error::text as error, started_by, started_at, ended_at";

  private final TenantJdbc db;

  public RunRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Records a run when it is started; a second insert of the same run changes nothing. */
  public boolean insert(RunRecord r) {
    return insert(r, null);
  }

  /**
   * {@link #insert(RunRecord)} within the month's runs the tenant's plan allows ({@code
   * maxPerMonth}, null: no limit), checked under the counter's row lock in the same transaction.
   *
   * @throws UsageCounters.LimitReached when one more would pass it; nothing is recorded
   */
  public boolean insert(RunRecord r, Long maxPerMonth) {
    return db.inTenant(
        r.tenant(),
        jdbc -> {
          UsageCounters.requireWithin(jdbc, r.tenant(), UsageCounters.RUNS, 1, maxPerMonth);
          boolean inserted =
              jdbc.sql(
                          "insert into runs (tenant_id, run_id, workflow_id, playbook_key, playbook_version, status, mode,"
                              + " inputs, started_by, started_at) values (:t, :r, :w, :k, :v, :s, :m, :i::jsonb, :by, :at)"
                              + " on conflict (tenant_id, run_id) do nothing")
                      .param("t", r.tenant())
                      .param("r", r.runId())
                      .param("w", r.workflowId())
                      .param("k", r.playbookKey())
                      .param("v", r.playbookVersion())
                      .param("s", r.status())
                      .param("m", r.mode())
                      .param("i", JsonColumns.write(r.inputs()))
                      .param("by", r.startedBy())
                      .param("at", Timestamp.from(r.startedAt()))
                      .update()
                  == 1;
          if (inserted) {
            UsageCounters.add(jdbc, r.tenant(), UsageCounters.RUNS, 1);
          }
          return inserted;
        });
  }

  /** Applies a status change with sequence {@code seq} unless a newer one was applied. */
  public boolean applyStatus(
      String tenant,
      String runId,
      long seq,
      String status,
      Map<String, Object> outputs,
      Map<String, Object> error,
      Instant endedAt) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                      "update runs set status = :s, outputs = coalesce(:o::jsonb, outputs), error = coalesce(:e::jsonb, error),"
                          + " ended_at = coalesce(:end, ended_at), seq = :seq, updated_at = now()"
                          + " where tenant_id = :t and run_id = :r and seq < :seq")
                  .param("s", status)
                  .param("o", JsonColumns.write(outputs))
                  .param("e", JsonColumns.write(error))
                  .param("end", endedAt == null ? null : Timestamp.from(endedAt))
                  .param("seq", seq)
                  .param("t", tenant)
                  .param("r", runId)
                  .update()
              == 1;
        });
  }

  /** Stores step states with sequence {@code seq}; older states never overwrite newer ones. */
  public void upsertSteps(String tenant, String runId, long seq, List<StepRow> steps) {
    db.runInTenant(
        tenant,
        jdbc -> {
          for (StepRow s : steps) {
            jdbc.sql(
                    "insert into run_steps (tenant_id, run_id, step_id, position, state, seq) values (:t, :r, :id, :p, :st::jsonb, :seq)"
                        + " on conflict (tenant_id, run_id, step_id) do update set state = excluded.state, seq = excluded.seq,"
                        + " position = excluded.position where run_steps.seq < excluded.seq")
                .param("t", tenant)
                .param("r", runId)
                .param("id", s.stepId())
                .param("p", s.position())
                .param("st", JsonColumns.write(s.state()))
                .param("seq", seq)
                .update();
          }
        });
  }

  public Optional<RunRecord> find(String tenant, String runId) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql("select " + COLUMNS + " from runs where tenant_id = :t and run_id = :r")
              .param("t", tenant)
              .param("r", runId)
              .query(RunRepository::map)
              .optional();
        });
  }

  /** Step states in definition order. */
  public List<Object> steps(String tenant, String runId) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                  "select state::text from run_steps where tenant_id = :t and run_id = :r order by position")
              .param("t", tenant)
              .param("r", runId)
              .query((rs, n) -> JsonColumns.read(rs.getString(1)))
              .list();
        });
  }

  /** Runs newest first, filtered, one page after {@code cursor}. */
  public Page<RunRecord> list(String tenant, RunFilter f, int limit, String cursor) {
    return db.inTenant(
        tenant,
        jdbc -> {
          Cursors.Cursor c = cursor == null ? null : Cursors.decode(cursor, 2);
          Where w =
              new Where("tenant_id = :t", "t", tenant)
                  .and("status = :status", "status", f.status())
                  .and("playbook_key = :playbook", "playbook", f.playbook())
                  .and("started_by = :by", "by", f.startedBy())
                  .and("started_at >= :from", "from", f.from())
                  .and("started_at < :to", "to", f.to())
                  .andAll(
                      c != null,
                      "(started_at, run_id) < (:cAt, :cId)",
                      c == null ? Map.of() : Map.of("cAt", c.instant(0), "cId", c.text(1)))
                  .param("limit", limit + 1);
          List<RunRecord> rows =
              jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from runs"
                          + w.sql()
                          + " order by started_at desc, run_id desc limit :limit")
                  .params(w.params())
                  .query(RunRepository::map)
                  .list();
          return Page.of(rows, limit, r -> Cursors.encode(r.startedAt().toString(), r.runId()));
        });
  }

  /** Every run held as running or waiting, in every tenant (start-up reconciliation only). */
  public List<OpenRun> openRunsOfAllTenants() {
    return db.acrossTenants(
        jdbc -> {
          return jdbc.sql(
                  "select tenant_id, run_id, workflow_id from runs where status in ('running', 'waiting_approval')")
              .query((rs, n) -> new OpenRun(rs.getString(1), rs.getString(2), rs.getString(3)))
              .list();
        });
  }

  /** Where a run came from and what it was started again as (oldest first). */
  public record Restarts(String from, List<String> as) {}

  /** Records that {@code runId} was started again from {@code from}'s inputs. */
  public void markRestartOf(String tenant, String runId, String from) {
    db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("update runs set restarted_from = :from where tenant_id = :t and run_id = :r")
                .param("from", from)
                .param("t", tenant)
                .param("r", runId)
                .update());
  }

  public Restarts restarts(String tenant, String runId) {
    return db.inTenant(
        tenant,
        jdbc -> {
          String from =
              jdbc.sql("select restarted_from from runs where tenant_id = :t and run_id = :r")
                  .param("t", tenant)
                  .param("r", runId)
                  .query(String.class)
                  .optional()
                  .orElse(null);
          List<String> as =
              jdbc.sql(
                      "select run_id from runs where tenant_id = :t and restarted_from = :r order"
                          + " by started_at, run_id")
                  .param("t", tenant)
                  .param("r", runId)
                  .query(String.class)
                  .list();
          return new Restarts(from, as);
        });
  }

  /** Marks an open run interrupted with a reason; returns false when it was no longer open. */
  public boolean markInterrupted(String tenant, String runId, String reason) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                      "update runs set status = 'interrupted', ended_at = now(), updated_at = now(), seq = :fence,"
                          + " error = jsonb_build_object('type', 'Interrupted', 'message', :why::text)"
                          + " where tenant_id = :t and run_id = :r and status in ('running', 'waiting_approval')")
                  .param("fence", RunRecord.FENCE)
                  .param("why", reason)
                  .param("t", tenant)
                  .param("r", runId)
                  .update()
              == 1;
        });
  }

  private static RunRecord map(ResultSet rs, int n) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    return new RunRecord(
        rs.getString("tenant_id"),
        rs.getString("run_id"),
        rs.getString("workflow_id"),
        rs.getString("playbook_key"),
        rs.getInt("playbook_version"),
        rs.getString("status"),
        rs.getString("mode"),
        JsonColumns.readMap(rs.getString("inputs")),
        JsonColumns.readMap(rs.getString("outputs")),
        JsonColumns.readMap(rs.getString("error")),
        rs.getString("started_by"),
        rs.getTimestamp("started_at").toInstant(),
        ended == null ? null : ended.toInstant());
  }
}
