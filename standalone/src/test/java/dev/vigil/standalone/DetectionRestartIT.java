package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.detections.engine.AlertChange;
import dev.vigil.detections.engine.CompiledRule;
import dev.vigil.detections.engine.DetectionEngine;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.store.detection.AlertFilter;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.detection.DetectionRuleRepository;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.event.StoredBatch;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process running detection stops while the stream is being processed; another one starts on
 * the same database and finishes it: the alerts are exactly those of one uninterrupted engine over
 * the stored stream — none lost, none twice.
 */
class DetectionRestartIT {

  static final String TENANT = "default";

  @Test
  void aStoppedConsumerLosesAndDuplicatesNoAlert(
      @TempDir Path first, @TempDir Path second, @TempDir Path third) throws Exception {
    TestDatabase.Coordinates db = TestDatabase.freshCoordinates();
    List<String> lines =
        Files.readAllLines(Datasets.path("auth-logs/loghub-openssh/OpenSSH_2k.log"));
    int year = Year.now().getValue() - 1;
    try (Standalone a = start(first, db, "--vigil.detection.enabled=false")) {
      Api api = new Api(a.port());
      for (int i = 0; i < lines.size(); i += 100) {
        String chunk = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 100)));
        Api.Res r =
            api.send(
                "POST",
                "/api/v1/events?source=syslog-sshd&year=" + year,
                List.of(
                    new String[] {"Authorization", "Bearer " + Api.ADMIN_KEY},
                    new String[] {"Content-Type", "text/plain"}),
                chunk);
        assertThat(r.status()).as(r.text()).isEqualTo(202);
      }
    }
    long stoppedAt;
    try (HikariDataSource ds = dataSource(db)) {
      var cursors = new dev.vigil.store.detection.DetectionCursors(ds);
      // a consumer that commits one batch a pass, stopped as soon as it has committed one
      try (Standalone stopping = start(second, db, "--vigil.detection.max-events-per-pass=1")) {
        while (cursors.position(TENANT) == 0) {
          Thread.sleep(1);
        }
        // stop detection at once (closing the whole app takes longer than 19 more passes)
        stopping.context().getBean(dev.vigil.worker.detection.DetectionConsumer.class).stop();
      }
      stoppedAt = cursors.position(TENANT);
    }
    assertThat(stoppedAt).as("stopped mid-stream").isBetween(1L, 19L);
    try (Standalone b = start(third, db)) {
      try (HikariDataSource ds = dataSource(db)) {
        var cursors = new dev.vigil.store.detection.DetectionCursors(ds);
        long end = System.nanoTime() + 60_000_000_000L;
        while (cursors.position(TENANT) < 20 && System.nanoTime() < end) {
          Thread.sleep(50);
        }
        assertThat(cursors.position(TENANT)).isEqualTo(20);
        assertThat(stored(ds)).isEqualTo(expected(ds)).isNotEmpty();
      }
    }
  }

  static Standalone start(Path data, TestDatabase.Coordinates db, String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add("--spring.datasource.username=" + db.user());
    args.add("--spring.datasource.password=" + db.password());
    return Standalone.start(
        new StandaloneSettings(data, 0, Ports.free(), null, db.url()),
        Api.args(args.toArray(String[]::new)));
  }

  static HikariDataSource dataSource(TestDatabase.Coordinates db) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(db.url());
    ds.setUsername(db.user());
    ds.setPassword(db.password());
    return ds;
  }

  static List<String> stored(HikariDataSource ds) {
    Page<AlertRecord> page =
        new AlertRepository(ds)
            .list(TENANT, new AlertFilter(null, null, null, null, null, null), 200, null);
    assertThat(page.nextCursor()).isNull();
    List<String> out = new ArrayList<>();
    for (AlertRecord a : page.items()) {
      out.add(
          a.id()
              + " "
              + a.ruleKey()
              + " "
              + a.firstSeen()
              + " "
              + a.lastSeen()
              + " "
              + a.eventCount());
    }
    return List.copyOf(new TreeSet<>(out));
  }

  /** One engine over the stored stream, in batch order, folded as the store folds. */
  static List<String> expected(HikariDataSource ds) {
    List<CompiledRule> rules = new ArrayList<>();
    new DetectionRuleRepository(ds)
        .list(TENANT)
        .forEach(
            v ->
                rules.add(
                    CompiledRule.of(RuleValidator.validate(v.definition()).rule(), v.version())));
    DetectionEngine engine = new DetectionEngine(TENANT, ZoneOffset.UTC, rules);
    Map<String, Object[]> alerts = new HashMap<>();
    EventReads reads = new EventReads(ds);
    new TenantJdbc(ds)
        .runInTenant(
            TENANT,
            j -> {
              for (StoredBatch b : reads.batchesAfter(j, TENANT, 0, 1_000)) {
                reads
                    .eventsOf(j, TENANT, b)
                    .forEach(
                        e -> {
                          for (AlertChange c : engine.process(e)) {
                            if (c instanceof AlertChange.Opened o) {
                              alerts.put(
                                  o.alertId(),
                                  new Object[] {
                                    o.ruleKey(), o.firstSeen(), o.lastSeen(), o.eventCount()
                                  });
                            } else if (c instanceof AlertChange.Folded f) {
                              Object[] a = alerts.get(f.alertId());
                              a[1] = f.time().isBefore((Instant) a[1]) ? f.time() : a[1];
                              a[2] = f.time().isAfter((Instant) a[2]) ? f.time() : a[2];
                              a[3] = (Long) a[3] + 1;
                            }
                          }
                        });
              }
            });
    List<String> out = new ArrayList<>();
    alerts.forEach((id, a) -> out.add(id + " " + a[0] + " " + a[1] + " " + a[2] + " " + a[3]));
    return List.copyOf(new TreeSet<>(out));
  }
}
