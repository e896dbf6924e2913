package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.identity.ApiKeyRecord;
import dev.vigil.store.identity.ApiKeyRepository;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant isolation enforced by PostgreSQL row-level security, and the identity repositories. */
class IsolationIT {

  static final HikariDataSource db = TestDatabase.fresh();
  static final TenantJdbc jdbc = new TenantJdbc(db);
  static final TenantRepository tenants = new TenantRepository(db);
  static final UserRepository users = new UserRepository(db);
  final RunRepository runs = new RunRepository(db);
  final ApiKeyRepository keys = new ApiKeyRepository(db);

  @BeforeAll
  static void twoTenants() {
    users.createWithMembership("root", "Root", null, true, "default", "owner", "test");
    assertThat(tenants.create("acme", "Acme", "root", "root")).isTrue();
    assertThat(tenants.create("globex", "Globex", "root", "root")).isTrue();
    assertThat(tenants.create("acme", "Acme again", "root", "root")).isFalse();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** A new table with tenant_id but without row-level security fails here, not in production. */
  @Test
  void everyTableWithATenantColumnHasRowLevelSecurityAndAPolicy() throws Exception {
    List<String> tables;
    try (var c = db.getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "select c.relname, c.relrowsecurity,"
                        + " exists (select 1 from pg_policies p where p.tablename = c.relname"
                        + "   and p.schemaname = n.nspname and 'vigil_app' = any (p.roles)"
                        + "   and p.qual like '%tenant_id%' and p.with_check like '%tenant_id%')"
                        + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'"
                        + " where c.relkind = 'r' and n.nspname = current_schema()"
                        + " order by c.relname")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1) + " rls=" + rs.getBoolean(2) + " policy=" + rs.getBoolean(3));
      }
      tables = out;
    }
    assertThat(tables).hasSizeGreaterThanOrEqualTo(8);
    assertThat(tables).allSatisfy(t -> assertThat(t).endsWith(" rls=true policy=true"));
  }

  /** Several repositories inside one tenant transaction are one unit of work. */
  @Test
  void repositoryWritesInOneTenantTransactionCommitOrRollBackTogether() {
    AuditLog audit = new AuditLog(db);
    assertThatThrownBy(
            () ->
                jdbc.runInTenant(
                    "acme",
                    j -> {
                      runs.insert(run("acme", "uow-1"));
                      audit.append(
                          AuditEntry.of("acme", "vigil", "uow.test", "run/uow-1", "success", null));
                      throw new IllegalStateException("the second half failed");
                    }))
        .hasMessage("the second half failed");
    assertThat(runs.find("acme", "uow-1")).isEmpty();
    assertThat(audit.list("acme", 200, null).items()).noneMatch(e -> e.action().equals("uow.test"));

    jdbc.runInTenant(
        "acme",
        j -> {
          runs.insert(run("acme", "uow-2"));
          audit.append(AuditEntry.of("acme", "vigil", "uow.test", "run/uow-2", "success", null));
        });
    assertThat(runs.find("acme", "uow-2")).isPresent();
    assertThat(audit.list("acme", 200, null).items()).anyMatch(e -> e.target().equals("run/uow-2"));
    assertThat(audit.verify("acme").valid()).isTrue();
  }

  @Test
  void aQueryWithoutATenantFilterStillSeesOnlyItsTenant() {
    runs.insert(run("acme", "a1"));
    runs.insert(run("globex", "g1"));
    new PlaybookRepository(db).publish("globex", "secret-pb", "t", "{\"key\":\"secret-pb\"}", "x");
    new AuditLog(db).append(AuditEntry.of("globex", "gus", "run.start", "run/g1", "success", null));

    // Deliberately unfiltered SQL, as a careless repository method would write it.
    List<String> seen =
        jdbc.inTenant(
            "acme",
            j -> j.sql("select tenant_id || '/' || run_id from runs").query(String.class).list());
    assertThat(seen).containsExactly("acme/a1");
    assertThat(
            jdbc.<Long>inTenant(
                "acme",
                j -> j.sql("select count(*) from playbook_versions").query(Long.class).single()))
        .isZero();
    assertThat(
            jdbc.<Long>inTenant(
                "acme",
                j ->
                    j.sql("select count(*) from audit_log where tenant_id = 'globex'")
                        .query(Long.class)
                        .single()))
        .isZero();
    // Updates without a filter touch only the tenant's own rows.
    int updated = jdbc.inTenant("acme", j -> j.sql("update runs set status = 'failed'").update());
    assertThat(updated).isEqualTo(1);
    assertThat(runs.find("globex", "g1").orElseThrow().status()).isEqualTo("running");
    // Writing a row for another tenant is refused.
    assertThatThrownBy(
            () ->
                jdbc.inTenant(
                    "acme",
                    j ->
                        j.sql(
                                "insert into runs (tenant_id, run_id, workflow_id, playbook_key, playbook_version,"
                                    + " status, mode, inputs, started_by, started_at)"
                                    + " values ('globex', 'g2', 'w', 'pb', 1, 'running', 'live', '{}', 'x', now())")
                            .update()))
        .hasStackTraceContaining("row-level security");
    // Tenant work cannot join, or switch, a transaction of another tenant.
    assertThatThrownBy(() -> jdbc.inTenant("acme", j -> runs.insert(run("globex", "g3"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenant globex cannot run inside a transaction of tenant acme");
    // The repositories' own reads across tenants find nothing.
    assertThat(runs.find("acme", "g1")).isEmpty();
  }

  @Test
  void theApplicationRoleCannotChangeOrDeleteAuditRecordsOrReadPasswordHashes() {
    new AuditLog(db).append(AuditEntry.of("acme", "ana", "run.start", "run/x", "success", null));
    assertThatThrownBy(() -> jdbc.inTenant("acme", j -> j.sql("delete from audit_log").update()))
        .hasStackTraceContaining("permission denied");
    assertThatThrownBy(
            () ->
                jdbc.inTenant(
                    "acme", j -> j.sql("update audit_log set outcome = 'denied'").update()))
        .hasStackTraceContaining("permission denied");
    assertThatThrownBy(
            () ->
                jdbc.inTenant(
                    "acme",
                    j -> j.sql("select password_hash from users").query(String.class).list()))
        .hasStackTraceContaining("permission denied");
  }

  @Test
  void failedSignInsLockTheAccountAndASuccessClearsThem() {
    users.createWithMembership("lock-me", "L", "{noop}x", false, "acme", "analyst", "root");
    assertThat(users.recordFailedLogin("lock-me", 3, Duration.ofMinutes(5)).lockedUntil()).isNull();
    users.recordFailedLogin("lock-me", 3, Duration.ofMinutes(5));
    var locked = users.recordFailedLogin("lock-me", 3, Duration.ofMinutes(5));
    assertThat(locked.failedLogins()).isEqualTo(3);
    assertThat(locked.lockedUntil()).isAfter(Instant.now().plusSeconds(240));
    users.recordSuccessfulLogin("lock-me");
    var clear = users.account("lock-me").orElseThrow();
    assertThat(clear.failedLogins()).isZero();
    assertThat(clear.lockedUntil()).isNull();
    assertThat(clear.lastLoginAt()).isNotNull();
  }

  @Test
  void membershipsAreSeparatePerTenantAndTheLastOwnerIsCounted() {
    assertThat(users.createWithMembership("multi", "M", null, false, "acme", "analyst", "root"))
        .isTrue();
    assertThat(users.createWithMembership("multi", "M", null, false, "globex", "owner", "root"))
        .as("the username is taken")
        .isFalse();
    assertThat(users.addMembership("globex", "multi", "viewer", "root")).isTrue();
    assertThat(users.addMembership("globex", "multi", "owner", "root")).isFalse();
    assertThat(users.membershipsOf("multi"))
        .extracting(m -> m.tenant() + ":" + m.role())
        .containsExactly("acme:analyst", "globex:viewer");
    assertThat(users.membership("acme", "multi").orElseThrow().active()).isTrue();
    assertThat(users.updateMembership("acme", "multi", null, true)).isTrue();
    assertThat(users.membership("acme", "multi").orElseThrow().active()).isFalse();
    assertThat(users.membership("globex", "multi").orElseThrow().active()).isTrue();
    assertThat(users.countActiveOwners("globex")).isEqualTo(1);
    assertThat(users.members("acme", 1, null).nextCursor()).isNotNull();
  }

  @Test
  void apiKeysAreFoundBySecretHashRevokedOnceAndListedPerTenant() {
    ApiKeyRecord k =
        new ApiKeyRecord(
            "acme", "k1", "ci", "vgl_abcd", "root", "analyst", null, null, null, null, null);
    assertThat(keys.create(k, "hash-1")).isTrue();
    assertThat(keys.findBySecret("hash-1").orElseThrow().tenant()).isEqualTo("acme");
    assertThat(keys.findBySecret("hash-2")).isEmpty();
    assertThat(keys.list("globex", null, 10, null).items()).isEmpty();
    assertThat(keys.list("acme", null, 10, null).items())
        .extracting(ApiKeyRecord::id)
        .contains("k1");
    keys.recordUse("acme", "k1");
    assertThat(keys.find("acme", "k1").orElseThrow().lastUsedAt()).isNotNull();
    assertThat(keys.revoke("globex", "k1", "root")).as("another tenant's key").isFalse();
    assertThat(keys.revoke("acme", "k1", "root")).isTrue();
    assertThat(keys.revoke("acme", "k1", "root")).isFalse();
    assertThat(keys.find("acme", "k1").orElseThrow().revokedBy()).isEqualTo("root");
  }

  @Test
  void tenantsListWithoutTheReservedPlatformTenant() {
    assertThat(tenants.list(100, null).items())
        .extracting(t -> t.id())
        .contains("default", "acme", "globex")
        .doesNotContain(TenantRepository.SYSTEM);
  }

  private static RunRecord run(String tenant, String id) {
    return new RunRecord(
        tenant,
        id,
        "run/" + tenant + "/" + id,
        "pb",
        1,
        "running",
        "live",
        Map.of(),
        null,
        null,
        "ana",
        Instant.now(),
        null);
  }
}
