package dev.vigil.activities.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.notify.NotificationActivitiesImpl;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.incident.IncidentChange;
import dev.vigil.workflows.incident.TimelineEntry;
import dev.vigil.workflows.system.VigilMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code vigil_sla_breaches_total} counts each breach once it is stored, never a retry again. */
class IncidentMetricsIT {

  static final HikariDataSource db = TestDatabase.fresh();

  @AfterAll
  static void close() {
    db.close();
  }

  static IncidentChange change(long seq, List<TimelineEntry> timeline) {
    String at = "2026-12-01T10:0" + seq + ":00Z";
    return new IncidentChange(
        "default",
        "11111111-2222-3333-4444-555555555555",
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
            db, new NotificationActivitiesImpl(null), new VigilMeters(registry));
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
}
