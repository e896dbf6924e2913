package dev.vigil.store.approval;

import dev.vigil.store.approval.ApprovalRecord.VoteRecord;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.Where;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Approvals and votes. Votes are unique per actor, so a retried projection adds nothing. */
public class ApprovalRepository {

  private static final String COLUMNS =
      "tenant_id, run_id, step_id, playbook_key, prompt, approvers::text as approvers, quorum, status, opened_at, due_at, decided_at";

  private final TenantJdbc db;

  public ApprovalRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** Opens or updates an approval with sequence {@code seq} unless a newer state was stored. */
  public boolean upsert(ApprovalRecord a, long seq) {
    return db.inTenant(
        a.tenant(),
        jdbc -> {
          Map<String, Object> approvers = new LinkedHashMap<>();
          approvers.put("roles", a.roles());
          approvers.put("users", a.users());
          return jdbc.sql(
                      "insert into approvals (tenant_id, run_id, step_id, playbook_key, prompt, approvers, quorum, status, opened_at, due_at, decided_at, seq)"
                          + " values (:t, :r, :s, :k, :p, :ap::jsonb, :q, :st, :o, :d, :dec, :seq)"
                          + " on conflict (tenant_id, run_id, step_id) do update set prompt = excluded.prompt, approvers = excluded.approvers,"
                          + " quorum = excluded.quorum, status = excluded.status, opened_at = excluded.opened_at, due_at = excluded.due_at,"
                          + " decided_at = excluded.decided_at, seq = excluded.seq where approvals.seq < excluded.seq")
                  .param("t", a.tenant())
                  .param("r", a.runId())
                  .param("s", a.stepId())
                  .param("k", a.playbookKey())
                  .param("p", a.prompt())
                  .param("ap", JsonColumns.write(approvers))
                  .param("q", a.quorum())
                  .param("st", a.status())
                  .param("o", Timestamp.from(a.openedAt()))
                  .param("d", a.dueAt() == null ? null : Timestamp.from(a.dueAt()))
                  .param("dec", a.decidedAt() == null ? null : Timestamp.from(a.decidedAt()))
                  .param("seq", seq)
                  .update()
              == 1;
        });
  }

  /** Records a vote once; returns false when this actor's vote was already stored. */
  public boolean addVote(String tenant, String runId, String stepId, VoteRecord v) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                      "insert into approval_votes (tenant_id, run_id, step_id, actor, decision, comment, voted_at)"
                          + " values (:t, :r, :s, :a, :d, :c, :at) on conflict do nothing")
                  .param("t", tenant)
                  .param("r", runId)
                  .param("s", stepId)
                  .param("a", v.actor())
                  .param("d", v.decision())
                  .param("c", v.comment())
                  .param("at", Timestamp.from(v.at()))
                  .update()
              == 1;
        });
  }

  /** Approvals with {@code status} (e.g. pending), oldest first, one page after {@code cursor}. */
  public Page<ApprovalRecord> list(String tenant, String status, int limit, String cursor) {
    return db.inTenant(
        tenant,
        jdbc -> {
          Cursors.Cursor c = cursor == null ? null : Cursors.decode(cursor, 3);
          Where w =
              new Where("tenant_id = :t", "t", tenant)
                  .and("status = :st", "st", status)
                  .andAll(
                      c != null,
                      "(opened_at, run_id, step_id) > (:cAt, :cRun, :cStep)",
                      c == null
                          ? Map.of()
                          : Map.of("cAt", c.instant(0), "cRun", c.text(1), "cStep", c.text(2)))
                  .param("limit", limit + 1);
          List<ApprovalRecord> rows =
              withVotes(
                  jdbc,
                  jdbc.sql(
                          "select "
                              + COLUMNS
                              + " from approvals"
                              + w.sql()
                              + " order by opened_at, run_id, step_id limit :limit")
                      .params(w.params())
                      .query(ApprovalRepository::map)
                      .list());
          return Page.of(
              rows, limit, a -> Cursors.encode(a.openedAt().toString(), a.runId(), a.stepId()));
        });
  }

  /** The approvals of one run with their votes. */
  public List<ApprovalRecord> forRun(String tenant, String runId) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return withVotes(
              jdbc,
              jdbc.sql(
                      "select "
                          + COLUMNS
                          + " from approvals where tenant_id = :t and run_id = :r order by opened_at")
                  .param("t", tenant)
                  .param("r", runId)
                  .query(ApprovalRepository::map)
                  .list());
        });
  }

  /** Closes the pending approvals of a run (when the run ended without deciding them). */
  public int closePending(String tenant, String runId, String status) {
    return db.inTenant(
        tenant,
        jdbc -> {
          return jdbc.sql(
                  "update approvals set status = :st, decided_at = now(), seq = seq + 1000000000"
                      + " where tenant_id = :t and run_id = :r and status = 'pending'")
              .param("st", status)
              .param("t", tenant)
              .param("r", runId)
              .update();
        });
  }

  /** Attaches the votes of all {@code approvals} (one tenant) with a single query. */
  private static List<ApprovalRecord> withVotes(JdbcClient jdbc, List<ApprovalRecord> approvals) {
    if (approvals.isEmpty()) {
      return approvals;
    }
    Map<String, List<VoteRecord>> votes = new LinkedHashMap<>();
    jdbc.sql(
            "select run_id, step_id, actor, decision, comment, voted_at from approval_votes"
                + " where tenant_id = :t and run_id in (:runs) order by voted_at, actor")
        .param("t", approvals.get(0).tenant())
        .param("runs", approvals.stream().map(ApprovalRecord::runId).distinct().toList())
        .query(
            rs -> {
              votes
                  .computeIfAbsent(
                      rs.getString(1) + "\u001f" + rs.getString(2), k -> new ArrayList<>())
                  .add(
                      new VoteRecord(
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getTimestamp(6).toInstant()));
            });
    List<ApprovalRecord> out = new ArrayList<>(approvals.size());
    for (ApprovalRecord a : approvals) {
      out.add(
          new ApprovalRecord(
              a.tenant(),
              a.runId(),
              a.stepId(),
              a.playbookKey(),
              a.prompt(),
              a.roles(),
              a.users(),
              a.quorum(),
              a.status(),
              a.openedAt(),
              a.dueAt(),
              a.decidedAt(),
              votes.getOrDefault(a.runId() + "\u001f" + a.stepId(), List.of())));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static ApprovalRecord map(ResultSet rs, int n) throws SQLException {
    Map<String, Object> approvers = JsonColumns.readMap(rs.getString("approvers"));
    Timestamp due = rs.getTimestamp("due_at");
    Timestamp decided = rs.getTimestamp("decided_at");
    return new ApprovalRecord(
        rs.getString("tenant_id"),
        rs.getString("run_id"),
        rs.getString("step_id"),
        rs.getString("playbook_key"),
        rs.getString("prompt"),
        (List<String>) approvers.getOrDefault("roles", List.of()),
        (List<String>) approvers.getOrDefault("users", List.of()),
        rs.getInt("quorum"),
        rs.getString("status"),
        rs.getTimestamp("opened_at").toInstant(),
        due == null ? null : due.toInstant(),
        decided == null ? null : decided.toInstant(),
        List.of());
  }
}
