package dev.vigil.activities.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.scan.ScanRepository;
import dev.vigil.store.scan.ScanScheduleRepository;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.scan.ScanSchedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A schedule's run queues its scan once — unless the scope or the tenant's plan refuses it. */
class ScanScheduleQueueIT {

  static final HikariDataSource db = TestDatabase.fresh();
  static final AtomicReference<String> plan = new AtomicReference<>();
  static final ScanScheduleActivitiesImpl activities =
      new ScanScheduleActivitiesImpl(db, null, t -> Optional.ofNullable(plan.get()));
  static final ScanScheduleRepository schedules = new ScanScheduleRepository(db);
  static final ScanRepository scans = new ScanRepository(db);

  @BeforeAll
  static void tenant() {
    new TenantSettingsRepository(db)
        .put(
            "default",
            new TenantSettings("UTC", 30, Map.of(), null, List.of("127.0.0.0/8"), 2),
            "test");
    schedules.create("default", "nightly", "127.0.0.1", "discovery", null, null, 3600, "UTC", "t");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static final ScanSchedule NIGHTLY =
      new ScanSchedule(
          "default", "nightly", "127.0.0.1", "discovery", null, null, 3600, "UTC", "t");

  @Test
  void aRunThePlanRefusesQueuesNothingAndSaysWhyOnTheSchedule() {
    plan.set("the Free plan allows 2 for scansPerDay and the tenant uses 2");
    String at = "2026-12-01T02:00:00Z";
    assertThat(activities.queue(NIGHTLY, at)).isNull();
    var s = schedules.get("default", "nightly").orElseThrow();
    assertThat(s.lastError()).isEqualTo(plan.get());
    assertThat(s.lastScanId()).isNull();
    assertThat(s.lastRunAt()).isEqualTo(Instant.parse(at));
    assertThat(scans.list("default", null, 10, null).items()).isEmpty();

    plan.set(null);
    String next = "2026-12-01T03:00:00Z";
    var queued = activities.queue(NIGHTLY, next);
    assertThat(queued).isNotNull();
    assertThat(schedules.get("default", "nightly").orElseThrow().lastError()).isNull();
    assertThat(scans.get("default", queued.scanId())).isPresent();
  }
}
