package dev.vigil.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.detections.event.Event;
import dev.vigil.store.event.EventPartitions;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.retention.RetentionActivities;
import dev.vigil.workflows.retention.RetentionRequest;
import dev.vigil.workflows.retention.RetentionResult;
import dev.vigil.workflows.retention.RetentionResult.TenantRetention;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Retention on real PostgreSQL, run as an activity: tenants {@code acme} (30 days), {@code beta} (7
 * days) and {@code gamma} (no setting: 30). Each loses only its own events older than its own
 * horizon; days older than the longest retention go as whole partitions; batch records go only when
 * their events are gone and the detection consumer has passed them.
 */
class RetentionIT {

  /** Noon UTC today, so that "an hour past the horizon" never crosses midnight. */
  static final Instant NOW =
      LocalDate.now(ZoneOffset.UTC).atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);

  HikariDataSource db;
  JdbcClient owner;
  EventWriter writer;
  TestActivityEnvironment env;
  RetentionActivities retention;
  final Map<String, Long> planDays = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    owner = JdbcClient.create(db);
    writer = new EventWriter(db);
    TestDatabase.execute(
        db,
        "insert into tenants (id, name) values ('acme', 'Acme'), ('beta', 'Beta'), ('gamma', 'Gamma')");
    TenantSettingsRepository settings = new TenantSettingsRepository(db);
    settings.put("acme", new TenantSettings("UTC", 30, Map.of(), null), "test");
    settings.put("beta", new TenantSettings("UTC", 7, Map.of(), null), "test");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new RetentionActivitiesImpl(
            db,
            Clock.fixed(NOW, ZoneOffset.UTC),
            t -> java.util.Optional.ofNullable(planDays.get(t))));
    retention =
        env.newActivityStub(
            RetentionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofMinutes(1))
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
    db.close();
  }

  static Instant ago(Duration d) {
    return NOW.minus(d);
  }

  static Duration days(long n) {
    return Duration.ofDays(n);
  }

  /** One ingest batch of {@code tenant}, received at {@code receivedAt}; its batch number. */
  long batch(String tenant, Instant receivedAt, Instant... times) throws Exception {
    List<Event> events =
        java.util.Arrays.stream(times)
            .map(
                t ->
                    new Event(
                        UUID.randomUUID().toString(),
                        tenant,
                        t,
                        receivedAt,
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
                        null))
            .toList();
    long batch =
        writer
            .append(
                tenant, "test", "vigil", events, 0, null, "{\"accepted\": " + times.length + "}")
            .batchId();
    TestDatabase.execute(
        db,
        "update event_batches set received_at = '"
            + receivedAt
            + "' where tenant_id = '"
            + tenant
            + "' and batch_id = "
            + batch);
    return batch;
  }

  void cursor(String tenant, long lastBatch) throws Exception {
    TestDatabase.execute(
        db,
        "insert into detection_cursors (tenant_id, last_batch) values ('"
            + tenant
            + "', "
            + lastBatch
            + ")");
  }

  List<Instant> eventTimes(String tenant) {
    return owner
        .sql("select time from events where tenant_id = :t order by time")
        .param("t", tenant)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .list();
  }

  List<Long> batches(String tenant) {
    return owner
        .sql("select batch_id from event_batches where tenant_id = :t order by batch_id")
        .param("t", tenant)
        .query(Long.class)
        .list();
  }

  @Test
  void eachTenantLosesOnlyItsOwnEventsPastItsOwnHorizon() throws Exception {
    long a1 = batch("acme", ago(days(45)), ago(days(45)), ago(days(40)));
    long a2 = batch("acme", ago(days(10)), ago(days(10)), ago(days(30).minusHours(1)));
    long a3 = batch("acme", ago(Duration.ofHours(1)), ago(Duration.ofHours(1)));
    cursor("acme", a3);
    Instant[] twentyDaysAgo = new Instant[5];
    for (int i = 0; i < 5; i++) {
      twentyDaysAgo[i] = ago(days(20).plusMinutes(i));
    }
    long b1 = batch("beta", ago(days(20)), twentyDaysAgo);
    cursor("beta", b1); // the consumer has not reached b2 and b3 yet
    long b2 = batch("beta", ago(days(3)), ago(days(3)));
    long b3 = batch("beta", ago(days(10)), ago(days(10))); // a backfill after the cursor
    long g1 = batch("gamma", ago(days(35)), ago(days(35)), ago(days(30).plusHours(1)));
    batch("gamma", ago(days(29)), ago(days(29)));

    // chunks of two rows: beta's five old events take three statements
    RetentionResult result = retention.apply(new RetentionRequest(2));

    // days before the longest retention (30) are dropped whole, whoever's events they held
    LocalDate horizonDay = LocalDate.ofInstant(ago(days(30)), ZoneOffset.UTC);
    assertThat(result.partitionsDropped())
        .containsExactly(
            EventPartitions.name(horizonDay.minusDays(15)),
            EventPartitions.name(horizonDay.minusDays(10)),
            EventPartitions.name(horizonDay.minusDays(5)));
    assertThat(new EventPartitions(new dev.vigil.store.system.TenantJdbc(db)).days())
        .allSatisfy(d -> assertThat(d).isAfterOrEqualTo(horizonDay))
        .contains(horizonDay, horizonDay.plusDays(10), horizonDay.plusDays(30));

    // acme (30 days) keeps its event an hour inside the horizon and its 10-day-old one, which
    // beta's 7-day retention would have removed
    assertThat(eventTimes("acme"))
        .containsExactly(ago(days(30).minusHours(1)), ago(days(10)), ago(Duration.ofHours(1)));
    // beta (7 days): the 20-day-old events and the backfilled 10-day-old one, not yet read by the
    // consumer, are gone; the 3-day-old one stays
    assertThat(eventTimes("beta")).containsExactly(ago(days(3)));
    // gamma has no setting: 30 days; the row an hour past it is deleted, not just the partition
    assertThat(eventTimes("gamma")).containsExactly(ago(days(29)));

    Map<String, TenantRetention> byTenant =
        result.tenants().stream()
            .collect(Collectors.toMap(TenantRetention::tenant, Function.identity()));
    assertThat(byTenant.keySet()).contains("acme", "beta", "gamma", "default");
    assertThat(byTenant.get("acme").retentionDays()).isEqualTo(30);
    assertThat(byTenant.get("acme").eventsDeleted()).as("its old days went as partitions").isZero();
    assertThat(byTenant.get("beta").retentionDays()).isEqualTo(7);
    assertThat(byTenant.get("beta").horizon()).isEqualTo(ago(days(7)).toString());
    assertThat(byTenant.get("beta").eventsDeleted()).isEqualTo(6);
    assertThat(byTenant.get("gamma").retentionDays()).isEqualTo(30);
    assertThat(byTenant.get("gamma").eventsDeleted()).isEqualTo(1);

    // batch records: acme's first batch is gone (events gone, consumer past it); its second
    // still has an event. beta's first is gone; b2 and b3 are after the consumer's cursor and stay
    // although b3's events were deleted. gamma has no cursor: nothing of it is deleted.
    assertThat(batches("acme")).containsExactly(a2, a3);
    assertThat(batches("beta")).containsExactly(b2, b3);
    assertThat(batches("gamma")).startsWith(g1).hasSize(2);
    assertThat(byTenant.get("acme").batchesDeleted()).isEqualTo(1);
    assertThat(byTenant.get("beta").batchesDeleted()).isEqualTo(1);
    assertThat(a1).isLessThan(a2);

    // a retry, or tomorrow's run with nothing new, changes nothing
    RetentionResult again = retention.apply(new RetentionRequest(2));
    assertThat(again.partitionsDropped()).isEmpty();
    assertThat(again.tenants())
        .allSatisfy(
            t -> {
              assertThat(t.eventsDeleted()).isZero();
              assertThat(t.batchesDeleted()).isZero();
            });
    assertThat(eventTimes("acme")).hasSize(3);
    assertThat(eventTimes("beta")).hasSize(1);
  }

  @Test
  void thePlansRetentionCapsATenantsLongerSetting() throws Exception {
    planDays.put("acme", 7L); // acme's setting says 30, its plan allows 7
    long a1 = batch("acme", ago(days(10)), ago(days(10)), ago(days(8)));
    batch("acme", ago(days(3)), ago(days(3)));
    cursor("acme", a1 + 1);
    batch("beta", ago(days(5)), ago(days(5)));

    RetentionResult result = retention.apply(new RetentionRequest(100));

    assertThat(eventTimes("acme")).containsExactly(ago(days(3)));
    assertThat(eventTimes("beta")).as("beta's plan has no cap: its own 7 days").hasSize(1);
    TenantRetention acme =
        result.tenants().stream().filter(t -> t.tenant().equals("acme")).findFirst().orElseThrow();
    assertThat(acme.retentionDays()).isEqualTo(7);
    assertThat(acme.eventsDeleted()).isEqualTo(2);
  }

  @Test
  void theBatchOfAnExpiredEventReceivedRecentlyStaysUntilItsReceiptIsPastTheHorizon()
      throws Exception {
    // a backfill received an hour ago of events 8 days old: the events go, the record (and its
    // idempotency key) stays until the receipt itself is older than the retention
    long b1 = batch("beta", ago(Duration.ofHours(1)), ago(days(8)));
    cursor("beta", b1);
    retention.apply(new RetentionRequest(1000));
    assertThat(eventTimes("beta")).isEmpty();
    assertThat(batches("beta")).containsExactly(b1);
    owner
        .sql("update event_batches set received_at = :r where tenant_id = 'beta'")
        .param("r", Timestamp.from(ago(days(8))))
        .update();
    retention.apply(new RetentionRequest(1000));
    assertThat(batches("beta")).isEmpty();
  }
}
