package dev.vigil.store.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.detections.event.Event;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.system.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Usage counters on real PostgreSQL: each is incremented by the write that does the work, once, and
 * never by a replayed or rolled-back one; each tenant sees only its own.
 */
class UsageCountersIT {

  final HikariDataSource db = TestDatabase.fresh();
  final UsageCounters usage = new UsageCounters(db);

  UsageCountersIT() throws Exception {
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'A'), ('beta', 'B')");
  }

  @AfterEach
  void close() {
    db.close();
  }

  static Event event(String tenant) {
    Instant now = Instant.now();
    return new Event(
        UUID.randomUUID().toString(),
        tenant,
        now,
        now,
        new Event.Source("vigil", "host-1", null),
        "auth",
        "authentication",
        "logon",
        "failure",
        3,
        "Failed password for root",
        Event.Actor.user("root", null),
        null,
        null,
        null,
        Map.of(),
        null);
  }

  @Test
  void eventsAcceptedRunsStartedAndScansRequestedAreCountedOnce() {
    EventWriter events = new EventWriter(db);
    events.append("acme", "test", "vigil", List.of(event("acme"), event("acme")), 1, "k1", "{}");
    events.append("acme", "test", "vigil", List.of(event("acme"), event("acme")), 0, "k1", "{}");
    events.append("acme", "test", "vigil", List.of(event("acme")), 0, null, "{}");
    events.append("beta", "test", "vigil", List.of(event("beta")), 0, null, "{}");

    RunRepository runs = new RunRepository(db);
    RunRecord run =
        new RunRecord(
            "acme",
            "r1",
            "run/acme/r1",
            "contain-host",
            1,
            "running",
            "live",
            Map.of(),
            null,
            null,
            "ana",
            Instant.now(),
            null);
    assertThat(runs.insert(run)).isTrue();
    assertThat(runs.insert(run)).as("the same run again").isFalse();

    ScanRepository scans = new ScanRepository(db);
    scans.queue(
        "acme", UUID.randomUUID(), "127.0.0.1", "discovery", null, "127.0.0.1", "ana", null);

    Map<String, Long> acme = usage.usage("acme", Instant.now());
    assertThat(acme)
        .containsEntry("eventsPerDay", 3L) // the replayed batch is not counted again
        .containsEntry("runsPerMonth", 1L)
        .containsEntry("scansPerDay", 1L)
        .containsEntry("members", 0L)
        .containsEntry("concurrentScans", 1L) // queued: it will run, so it holds a slot
        .containsEntry("eventRetentionDays", 30L);
    assertThat(usage.usage("beta", Instant.now()))
        .containsEntry("eventsPerDay", 1L)
        .containsEntry("runsPerMonth", 0L);
    assertThat(acme.keySet()).containsExactlyInAnyOrderElementsOf(Plans.LIMITS);
  }

  @Test
  void runsAreCountedByMonthAndEventsAndScansByDay() throws Exception {
    Instant at = Instant.parse("2026-12-31T23:59:00Z");
    assertThat(UsageCounters.period(UsageCounters.RUNS, at)).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(UsageCounters.period(UsageCounters.EVENTS, at))
        .isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(UsageCounters.period(UsageCounters.SCANS, at.plusSeconds(120)))
        .isEqualTo(LocalDate.of(2027, 1, 1));
    TestDatabase.execute(
        db,
        "insert into usage_counters values ('acme', 'runs', '2026-11-01', 7),"
            + " ('acme', 'events', '2026-12-30', 9)");
    assertThat(usage.usage("acme", at))
        .as("last month's runs and yesterday's events do not count")
        .containsEntry("runsPerMonth", 0L)
        .containsEntry("eventsPerDay", 0L);
    assertThat(usage.usage("acme", Instant.parse("2026-11-15T00:00:00Z")))
        .containsEntry("runsPerMonth", 7L);
  }

  @Test
  void membersAddedAtOnceNeverPassThePlansNumber() throws Exception {
    var users = new dev.vigil.store.identity.UserRepository(db);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Boolean>> adds = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "m" + i;
      adds.add(
          pool.submit(
              () -> {
                try {
                  return users.createWithMembership(
                      name, name, null, false, "acme", "analyst", "t", 3L);
                } catch (UsageCounters.LimitReached full) {
                  return false;
                }
              }));
    }
    long added = 0;
    for (var f : adds) {
      added += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(added).as("8 at once, the plan allows 3").isEqualTo(3);
    assertThat(usage.usage("acme", Instant.now())).containsEntry("members", 3L);

    // disabling one makes room; enabling another disabled one counts as adding one
    String first = users.members("acme", 10, null).items().get(0).username();
    users.updateMembership("acme", first, null, true, 3L);
    users.createWithMembership("m-late", "L", null, false, "beta", "viewer", "t", 3L);
    assertThat(users.addMembership("acme", "m-late", "viewer", "t", 3L)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> users.updateMembership("acme", first, null, false, 3L))
        .isInstanceOf(UsageCounters.LimitReached.class);
    assertThat(usage.usage("acme", Instant.now())).containsEntry("members", 3L);
  }

  @Test
  void tenantWorkReadsItsBillingRowButCannotWriteIt() {
    var billing = new TenantBilling(db);
    billing.recordCustomer("acme", "free", "cus_acme");
    billing.apply("acme", "pro", "active", "sub_1", null, "subscription");
    assertThat(billing.get("acme").orElseThrow().plan()).isEqualTo("pro");
    var tenantWork = new dev.vigil.store.system.TenantJdbc(db);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                tenantWork.runInTenant(
                    "acme", j -> j.sql("update tenant_billing set plan = 'unlimited'").update()))
        .rootCause()
        .hasMessageContaining("permission denied for table tenant_billing");
    assertThat(billing.get("acme").orElseThrow().plan()).isEqualTo("pro");
  }
}
