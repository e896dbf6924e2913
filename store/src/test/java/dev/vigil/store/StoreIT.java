package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.approval.ApprovalRecord;
import dev.vigil.store.approval.ApprovalRecord.VoteRecord;
import dev.vigil.store.approval.ApprovalRepository;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.playbook.PlaybookVersion;
import dev.vigil.store.run.RunFilter;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.run.StepRow;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TestDatabase;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The repositories against real PostgreSQL. */
class StoreIT {

  static final HikariDataSource db = TestDatabase.fresh();
  final PlaybookRepository playbooks = new PlaybookRepository(db);
  final RunRepository runs = new RunRepository(db);
  final ApprovalRepository approvals = new ApprovalRepository(db);
  final AuditLog audit = new AuditLog(db);

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void publishingNumbersVersionsAndTheSameDefinitionTwiceKeepsOneVersion() {
    var v1 =
        playbooks.publish("default", "pb-a", "A", "{\"key\": \"pb-a\", \"steps\": [1]}", "ana");
    var same =
        playbooks.publish("default", "pb-a", "A", "{  \"steps\":[1],\n \"key\":\"pb-a\" }", "bob");
    var v2 =
        playbooks.publish("default", "pb-a", "A2", "{\"key\": \"pb-a\", \"steps\": [2]}", "bob");
    assertThat(v1.created()).isTrue();
    assertThat(v1.version().version()).isEqualTo(1);
    assertThat(same.created()).isFalse();
    assertThat(same.version().version()).isEqualTo(1);
    assertThat(same.version().publishedBy()).isEqualTo("ana");
    assertThat(v2.version().version()).isEqualTo(2);
    assertThat(v1.version().sha256()).hasSize(64).isNotEqualTo(v2.version().sha256());
    assertThat(playbooks.find("default", "pb-a", null).map(PlaybookVersion::version)).contains(2);
    assertThat(playbooks.find("default", "pb-a", 1).map(PlaybookVersion::definition))
        .contains("{\"key\": \"pb-a\", \"steps\": [1]}");
    assertThat(playbooks.find("other", "pb-a", null)).isEmpty();
    assertThat(playbooks.versions("default", "pb-a"))
        .extracting(PlaybookVersion::version)
        .containsExactly(2, 1);
  }

  @Test
  void publishedVersionsAndAuditRowsCannotBeChanged() {
    playbooks.publish("default", "pb-frozen", "F", "{\"x\": 1}", "ana");
    audit.append(
        AuditEntry.of(
            "default", "ana", "playbook.publish", "playbook/pb-frozen", "success", Map.of()));
    assertThatThrownBy(
            () ->
                TestDatabase.execute(
                    db, "update playbook_versions set title = 'x' where key = 'pb-frozen'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("immutable");
    assertThatThrownBy(() -> TestDatabase.execute(db, "delete from audit_log"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("immutable");
  }

  @Test
  void playbookListPagesByKey() {
    insertTenant("tenant-list");
    for (String k : List.of("list-a", "list-b", "list-c")) {
      playbooks.publish("tenant-list", k, k, "{\"k\": \"" + k + "\"}", "ana");
    }
    Page<?> first = playbooks.list("tenant-list", 2, null);
    assertThat(first.items()).hasSize(2);
    Page<?> second = playbooks.list("tenant-list", 2, first.nextCursor());
    assertThat(second.items()).hasSize(1);
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void projectionWritesAreIdempotentAndNeverGoBackwards() {
    RunRecord r = run("run-1", "alice", Instant.parse("2026-01-01T10:00:00Z"));
    assertThat(runs.insert(r)).isTrue();
    assertThat(runs.insert(r)).isFalse();
    assertThat(runs.applyStatus("default", "run-1", 5, "waiting_approval", null, null, null))
        .isTrue();
    assertThat(runs.applyStatus("default", "run-1", 5, "waiting_approval", null, null, null))
        .isFalse();
    assertThat(runs.applyStatus("default", "run-1", 3, "running", null, null, null)).isFalse();
    assertThat(runs.find("default", "run-1").orElseThrow().status()).isEqualTo("waiting_approval");

    runs.upsertSteps(
        "default",
        "run-1",
        4,
        List.of(
            new StepRow("a", 0, Map.of("id", "a", "status", "succeeded")),
            new StepRow("b", 1, Map.of("id", "b", "status", "running"))));
    runs.upsertSteps(
        "default",
        "run-1",
        2,
        List.of(new StepRow("a", 0, Map.of("id", "a", "status", "running"))));
    assertThat(runs.steps("default", "run-1"))
        .containsExactly(
            Map.of("id", "a", "status", "succeeded"), Map.of("id", "b", "status", "running"));
    assertThat(runs.find("other", "run-1")).isEmpty();
  }

  @Test
  void runListFiltersAndPagesNewestFirst() {
    insertTenant("tenant-runs");
    for (int i = 0; i < 5; i++) {
      runs.insert(
          new RunRecord(
              "tenant-runs",
              "r" + i,
              "run/tenant-runs/r" + i,
              i % 2 == 0 ? "even" : "odd",
              1,
              "running",
              "live",
              Map.of(),
              null,
              null,
              i < 3 ? "ana" : "bob",
              Instant.parse("2026-01-01T10:00:00Z").plusSeconds(i),
              null));
    }
    Page<RunRecord> p1 =
        runs.list("tenant-runs", new RunFilter(null, null, null, null, null), 2, null);
    assertThat(p1.items()).extracting(RunRecord::runId).containsExactly("r4", "r3");
    Page<RunRecord> p2 =
        runs.list("tenant-runs", new RunFilter(null, null, null, null, null), 2, p1.nextCursor());
    Page<RunRecord> p3 =
        runs.list("tenant-runs", new RunFilter(null, null, null, null, null), 2, p2.nextCursor());
    assertThat(p2.items()).extracting(RunRecord::runId).containsExactly("r2", "r1");
    assertThat(p3.items()).extracting(RunRecord::runId).containsExactly("r0");
    assertThat(p3.nextCursor()).isNull();
    assertThat(
            runs.list("tenant-runs", new RunFilter(null, "even", "ana", null, null), 10, null)
                .items())
        .extracting(RunRecord::runId)
        .containsExactly("r2", "r0");
    assertThat(
            runs.list(
                    "tenant-runs",
                    new RunFilter(
                        null,
                        null,
                        null,
                        Instant.parse("2026-01-01T10:00:02Z"),
                        Instant.parse("2026-01-01T10:00:04Z")),
                    10,
                    null)
                .items())
        .extracting(RunRecord::runId)
        .containsExactly("r3", "r2");
    assertThatThrownBy(
            () ->
                runs.list("tenant-runs", new RunFilter(null, null, null, null, null), 2, "garbage"))
        .isInstanceOf(Cursors.InvalidCursorException.class);
  }

  @Test
  void approvalsKeepOneVotePerActorAndListPending() throws SQLException {
    runs.insert(run("run-a", "alice", Instant.now()));
    ApprovalRecord open =
        new ApprovalRecord(
            "default",
            "run-a",
            "ok",
            "pb",
            "Block?",
            List.of("analyst"),
            List.of(),
            2,
            "pending",
            Instant.parse("2026-01-01T10:00:00Z"),
            null,
            null,
            List.of());
    approvals.upsert(open, 3);
    assertThat(
            approvals.addVote(
                "default", "run-a", "ok", new VoteRecord("bob", "approve", "yes", Instant.now())))
        .isTrue();
    assertThat(
            approvals.addVote(
                "default", "run-a", "ok", new VoteRecord("bob", "approve", "again", Instant.now())))
        .isFalse();
    runs.insert(run("run-b", "alice", Instant.now()));
    approvals.upsert(
        new ApprovalRecord(
            "default",
            "run-b",
            "ok",
            "pb",
            "Other?",
            List.of(),
            List.of("carol"),
            1,
            "pending",
            Instant.parse("2026-01-01T11:00:00Z"),
            null,
            null,
            List.of()),
        1);
    approvals.addVote(
        "default", "run-b", "ok", new VoteRecord("carol", "reject", null, Instant.now()));
    assertThat(approvals.list("default", "pending", 10, null).items())
        .extracting(a -> a.runId() + ":" + a.votes().stream().map(VoteRecord::actor).toList())
        .containsExactly("run-a:[bob]", "run-b:[carol]");
    TestDatabase.execute(db, "update approvals set status = 'rejected' where run_id = 'run-b'");
    var pending = approvals.list("default", "pending", 10, null).items();
    assertThat(pending)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.votes()).extracting(VoteRecord::comment).containsExactly("yes");
              assertThat(a.roles()).containsExactly("analyst");
            });
    approvals.upsert(
        new ApprovalRecord(
            "default",
            "run-a",
            "ok",
            "pb",
            "Block?",
            List.of("analyst"),
            List.of(),
            2,
            "approved",
            open.openedAt(),
            null,
            Instant.now(),
            List.of()),
        2);
    assertThat(approvals.list("default", "pending", 10, null).items()).hasSize(1);
    assertThat(approvals.list("other", "pending", 10, null).items()).isEmpty();
  }

  @Test
  void interruptedRunsAreMarkedOnceWithAReason() {
    runs.insert(run("run-x", "alice", Instant.now()));
    assertThat(runs.openRunsOfAllTenants())
        .anySatisfy(o -> assertThat(o.runId()).isEqualTo("run-x"));
    assertThat(runs.markInterrupted("default", "run-x", "lost in a restart")).isTrue();
    assertThat(runs.markInterrupted("default", "run-x", "again")).isFalse();
    RunRecord r = runs.find("default", "run-x").orElseThrow();
    assertThat(r.status()).isEqualTo("interrupted");
    assertThat(r.error()).containsEntry("message", "lost in a restart");
    assertThat(r.endedAt()).isNotNull();
  }

  @Test
  void auditPagesNewestFirst() {
    insertTenant("tenant-audit");
    for (int i = 0; i < 3; i++) {
      audit.append(
          AuditEntry.of(
              "tenant-audit", "ana", "run.start", "run/r" + i, "success", Map.of("i", i)));
    }
    Page<AuditEntry> p1 = audit.list("tenant-audit", 2, null);
    assertThat(p1.items()).extracting(AuditEntry::target).containsExactly("run/r2", "run/r1");
    assertThat(audit.list("tenant-audit", 2, p1.nextCursor()).items())
        .extracting(AuditEntry::target)
        .containsExactly("run/r0");
  }

  @Test
  void auditChainDetectsEditedAndDeletedRecords() throws SQLException {
    insertTenant("tenant-chain");
    for (int i = 0; i < 4; i++) {
      audit.append(
          AuditEntry.of(
              "tenant-chain", "ana", "run.start", "run/c" + i, "success", Map.of("i", i)));
    }
    audit.append(AuditEntry.of("default", "bob", "run.start", "run/other", "success", null));
    AuditLog.Verification ok = audit.verify("tenant-chain");
    assertThat(ok.valid()).isTrue();
    assertThat(ok.checked()).isEqualTo(4);

    List<Long> ids =
        audit.list("tenant-chain", 10, null).items().stream().map(AuditEntry::id).sorted().toList();
    // tampering as someone with table-owner rights would: around the append-only trigger
    TestDatabase.execute(db, "alter table audit_log disable trigger audit_log_append_only");
    try {
      TestDatabase.execute(db, "update audit_log set outcome = 'denied' where id = " + ids.get(1));
      AuditLog.Verification edited = audit.verify("tenant-chain");
      assertThat(edited.valid()).isFalse();
      assertThat(edited.firstBrokenId()).isEqualTo(ids.get(1));
      assertThat(edited.reason()).contains("changed");

      TestDatabase.execute(db, "update audit_log set outcome = 'success' where id = " + ids.get(1));
      assertThat(audit.verify("tenant-chain").valid()).isTrue();
      TestDatabase.execute(db, "delete from audit_log where id = " + ids.get(2));
      AuditLog.Verification deleted = audit.verify("tenant-chain");
      assertThat(deleted.valid()).isFalse();
      assertThat(deleted.firstBrokenId()).isEqualTo(ids.get(3));
      assertThat(deleted.reason()).contains("deleted or inserted");
    } finally {
      TestDatabase.execute(db, "alter table audit_log enable trigger audit_log_append_only");
    }
    assertThat(audit.verify("default").valid()).as("other tenants' chains are separate").isTrue();
  }

  private static RunRecord run(String id, String by, Instant at) {
    return new RunRecord(
        "default",
        id,
        "run/default/" + id,
        "pb",
        1,
        "running",
        "live",
        Map.of("ip", "1.2.3.4"),
        null,
        null,
        by,
        at,
        null);
  }

  private static void insertTenant(String id) {
    try {
      TestDatabase.execute(
          db,
          "insert into tenants (id, name) values ('"
              + id
              + "', '"
              + id
              + "') on conflict do nothing");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
