package dev.vigil.activities.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.incident.IncidentChange;
import dev.vigil.workflows.incident.TimelineEntry;
import dev.vigil.workflows.system.VigilMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * SLA breaches as operators and the dashboard count them: {@code vigil_sla_breaches_total} once per
 * stored breach, and the dashboard's breaches per day (UTC days, whatever the database session's
 * time zone).
 */
class IncidentMetricsIT {

  static final HikariDataSource db = TestDatabase.fresh();

  @AfterAll
  static void close() {
    db.close();
  }

  static final String INCIDENT = "11111111-2222-3333-4444-555555555555";

  static IncidentChange change(long seq, List<TimelineEntry> timeline) {
    return change(INCIDENT, seq, timeline);
  }

  static IncidentChange change(String incident, long seq, List<TimelineEntry> timeline) {
    String at = "2026-12-01T10:0" + seq + ":00Z";
    return new IncidentChange(
        "default",
        incident,
        seq,
        new IncidentChange.Row(
            "Brute force",
            null,
            "new",
            "high",
            null,
            List.of(),
            List.of(),
            "vigil",
            "2026-12-01T10:00:00Z",
            at,
            null,
            null,
            null,
            null,
            false,
            seq > 1,
            seq > 1 ? 1 : 0,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of()),
        timeline,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null);
  }

  @Test
  void aBreachIsCountedOnceByItsClockAndARetryOfTheSameChangeIsNot() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IncidentActivitiesImpl incidents =
        new IncidentActivitiesImpl(
            db,
            new NotificationActivitiesImpl(null),
            new VigilMeters(registry),
            dev.vigil.activities.notify.Notifier.NONE);
    incidents.project(
        change(
            1,
            List.of(
                new TimelineEntry(
                    1, "2026-12-01T10:01:00Z", "vigil", "opened", "Opened", Map.of()))));
    IncidentChange breach =
        change(
            2,
            List.of(
                new TimelineEntry(
                    2,
                    "2026-12-01T10:02:00Z",
                    "vigil",
                    "sla_breach",
                    "SLA breached: time to acknowledge exceeded 10m",
                    Map.of("clock", "acknowledge", "targetMillis", 600_000))));
    incidents.project(breach);
    incidents.project(breach); // the local activity retried after a lost answer
    assertThat(registry.find("vigil.sla.breaches").tag("kind", "acknowledge").counter())
        .isNotNull()
        .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
    assertThat(registry.find("vigil.sla.breaches").counters()).hasSize(1);
  }

  static TimelineEntry breach(long seq, String at) {
    return new TimelineEntry(
        seq,
        at,
        "vigil",
        "sla_breach",
        "SLA breached",
        Map.of("clock", "resolve", "targetMillis", 600_000));
  }

  @Test
  void breachesPerDayCountEachBreachOnItsUtcDayOnceAndOnlySinceTheStart() {
    String a = "aaaaaaaa-0000-0000-0000-000000000001";
    String b = "aaaaaaaa-0000-0000-0000-000000000002";
    IncidentActivitiesImpl incidents =
        new IncidentActivitiesImpl(db, new NotificationActivitiesImpl(null));
    incidents.project(
        change(
            a,
            1,
            List.of(
                breach(1, "2026-11-20T12:00:00Z"), // before the period
                breach(2, "2026-11-28T23:30:00Z"))));
    incidents.project(change(a, 3, List.of(breach(3, "2026-11-29T00:30:00Z"))));
    incidents.project(
        change(
            b, 1, List.of(breach(1, "2026-11-28T08:00:00Z"), breach(2, "2026-11-29T23:59:00Z"))));
    incidents.project(change(b, 2, List.of(breach(2, "2026-11-29T23:59:00Z")))); // a retry

    HikariDataSource farEast = new HikariDataSource();
    farEast.setJdbcUrl(db.getJdbcUrl());
    farEast.setUsername(db.getUsername());
    farEast.setPassword(db.getPassword());
    farEast.setConnectionInitSql("set time zone 'Pacific/Auckland'");
    try (farEast) {
      var metrics =
          new IncidentReads(farEast)
              .metrics("default", java.time.Instant.parse("2026-11-25T00:00:00Z"));
      assertThat(metrics.breachesByDay())
          .as("the other test's breach falls on 2026-12-01")
          .filteredOn(m -> m.get("day").toString().compareTo("2026-12-01") < 0)
          .containsExactly(
              Map.of("day", "2026-11-28", "breaches", 2L),
              Map.of("day", "2026-11-29", "breaches", 2L));
    }
  }
}
