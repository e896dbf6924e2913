package dev.vigil.worker.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.detections.engine.AlertChange;
import dev.vigil.detections.engine.CompiledRule;
import dev.vigil.detections.engine.DetectionEngine;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.format.EventFormat;
import dev.vigil.detections.format.Formats;
import dev.vigil.detections.format.ParseContext;
import dev.vigil.detections.rule.BundledRules;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.store.detection.AlertFilter;
import dev.vigil.store.detection.AlertRecord;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.detection.DetectionRuleRepository;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.system.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DetectionPassIT {

  static final Instant INGESTED = Instant.parse("2026-11-30T12:00:00Z");

  final HikariDataSource db = TestDatabase.fresh();
  final EventWriter writer = new EventWriter(db);
  final AlertRepository alerts = new AlertRepository(db);

  DetectionPassIT() throws Exception {
    TestDatabase.execute(
        db, "insert into tenants (id, name) values ('acme', 'Acme'), ('globex', 'Globex')");
    DetectionRuleRepository rules = new DetectionRuleRepository(db);
    for (String tenant : List.of("acme", "globex")) {
      BundledRules.all()
          .forEach(
              (key, text) -> {
                var r = RuleValidator.validate(text).rule();
                rules.publish(
                    tenant,
                    key,
                    r.title(),
                    r.kind().name(),
                    r.severity().label(),
                    text,
                    "bundled",
                    "vigil");
              });
    }
  }

  @Test
  void alertsFromTheStoredStreamAreTheEnginesAlertsOverTheSameEvents() throws Exception {
    List<Event> events = ingestOpenSsh("acme", 4);
    DetectionPass pass = new DetectionPass(db);
    drain(pass, "acme");

    List<AlertRecord> stored = all("acme");
    assertThat(stored).isNotEmpty();
    assertThat(summaries(stored)).isEqualTo(inMemory("acme", events));
    // the well-known brute forcer of this log raises the per-source rule
    assertThat(stored)
        .anySatisfy(
            a -> {
              assertThat(a.ruleKey()).isEqualTo("login-failures-per-source");
              assertThat(a.entityValue()).isEqualTo("183.62.140.253");
              assertThat(a.eventCount()).isGreaterThanOrEqualTo(5);
              assertThat(a.evidence()).hasSizeLessThanOrEqualTo(100);
            });
    assertThat(all("globex")).as("the other tenant saw nothing").isEmpty();
  }

  @Test
  void aPassThatDiesBeforeCommitLosesAndDuplicatesNothing() throws Exception {
    List<Event> events = ingestOpenSsh("acme", 6);
    DetectionPass dying = new DetectionPass(db);
    dying.beforeCommit =
        j -> j.sql("select pg_terminate_backend(pg_backend_pid())").query().listOfRows();
    assertThatThrownBy(() -> dying.run("acme")).isInstanceOf(RuntimeException.class);
    assertThat(all("acme")).isEmpty();
    assertThat(dying.cursors().position("acme")).isZero();

    // Let the first two batches commit, then die on the third, then "restart".
    DetectionPass flaky = new DetectionPass(db, 1);
    int[] passes = {0};
    flaky.beforeCommit =
        j -> {
          if (++passes[0] == 3) {
            j.sql("select pg_terminate_backend(pg_backend_pid())").query().listOfRows();
          }
        };
    runLimited(flaky, "acme", 2);
    assertThatThrownBy(() -> flaky.run("acme")).isInstanceOf(RuntimeException.class);
    DetectionPass restarted = new DetectionPass(db);
    drain(restarted, "acme");

    assertThat(summaries(all("acme"))).isEqualTo(inMemory("acme", events));
  }

  @Test
  void twoConsumersShareTenantsWithoutCountingTwice() throws Exception {
    List<Event> acme = ingestOpenSsh("acme", 8);
    List<Event> globex = ingestOpenSsh("globex", 8);
    DetectionPass a = new DetectionPass(db, 1);
    DetectionPass b = new DetectionPass(db, 1);
    CompletableFuture<Void> one = CompletableFuture.runAsync(() -> drainAll(a));
    CompletableFuture<Void> two = CompletableFuture.runAsync(() -> drainAll(b));
    CompletableFuture.allOf(one, two).join();
    assertThat(summaries(all("acme"))).isEqualTo(inMemory("acme", acme));
    assertThat(summaries(all("globex"))).isEqualTo(inMemory("globex", globex));
  }

  @Test
  void aRuleSwitchedOffInATenantRaisesNothingThere() throws Exception {
    new DetectionRuleRepository(db).setEnabled("acme", "login-failures-per-source", false, "test");
    ingestOpenSsh("acme", 2);
    ingestOpenSsh("globex", 2);
    DetectionPass pass = new DetectionPass(db);
    drain(pass, "acme");
    drain(pass, "globex");
    assertThat(all("acme"))
        .isNotEmpty()
        .noneMatch(a -> a.ruleKey().equals("login-failures-per-source"));
    assertThat(all("globex")).anyMatch(a -> a.ruleKey().equals("login-failures-per-source"));
  }

  @Test
  void aSourceSilentForLongerThanAllowedRaisesOneAlertUntilItSendsAgain() throws Exception {
    ingestOpenSsh("acme", 1);
    new dev.vigil.store.settings.TenantSettingsRepository(db)
        .put(
            "acme",
            new dev.vigil.store.settings.TenantSettings(
                "UTC", 30, java.util.Map.of("syslog-sshd/LabSZ", "5m"), null),
            "test");
    SourceSilence silence = new SourceSilence(db);
    Instant now = Instant.now();
    assertThat(silence.check(now)).as("it sent just now").isZero();
    assertThat(silence.check(now.plusSeconds(600))).isEqualTo(1);
    assertThat(silence.check(now.plusSeconds(700))).as("one alert per silence").isZero();
    assertThat(silence.check(now.plusSeconds(600)))
        .as("another worker checking at once raises no second one")
        .isZero();
    List<AlertRecord> raised =
        alerts
            .list(
                "acme", new AlertFilter(SourceSilence.RULE, null, null, null, null, null), 10, null)
            .items();
    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).entityValue()).isEqualTo("LabSZ");
    assertThat(raised.get(0).title()).contains("syslog-sshd/LabSZ");
    assertThat(silence.check(now.plusSeconds(600))).isZero();
    assertThat(all("globex")).isEmpty();
    ingestOpenSsh("acme", 1);
    assertThat(silence.check(Instant.now())).isZero();
    assertThat(silence.check(Instant.now().plusSeconds(600))).as("silent again").isEqualTo(1);
  }

  /** Batches of the OpenSSH sample (2,000 lines of Dec 10) as ingest would store them. */
  List<Event> ingestOpenSsh(String tenant, int batches) throws IOException {
    EventFormat sshd = Formats.byName("syslog-sshd").orElseThrow();
    ParseContext ctx = new ParseContext(2016, ZoneOffset.UTC, INGESTED);
    List<String> lines =
        Files.readAllLines(
            dataset("auth-logs/loghub-openssh/OpenSSH_2k.log"), StandardCharsets.UTF_8);
    List<Event> all = new ArrayList<>();
    int per = (lines.size() + batches - 1) / batches;
    for (int i = 0; i < lines.size(); i += per) {
      List<Event> batch = new ArrayList<>();
      for (String line : lines.subList(i, Math.min(lines.size(), i + per))) {
        for (Event e : sshd.parse(TextNode.valueOf(line), ctx)) {
          batch.add(e.identified(UUID.randomUUID().toString(), tenant, INGESTED));
        }
      }
      writer.append(tenant, "test", "syslog-sshd", batch, 0, null, "{}");
      all.addAll(batch);
    }
    return all;
  }

  /** The alerts a plain engine raises over the same events, folded as the store folds them. */
  List<String> inMemory(String tenant, List<Event> events) {
    List<CompiledRule> compiled = new ArrayList<>();
    new DetectionRuleRepository(db)
        .list(tenant)
        .forEach(
            v ->
                compiled.add(
                    CompiledRule.of(RuleValidator.validate(v.definition()).rule(), v.version())));
    DetectionEngine engine = new DetectionEngine(tenant, ZoneOffset.UTC, compiled);
    java.util.Map<String, long[]> counts = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> keys = new java.util.HashMap<>();
    java.util.Map<String, Instant[]> spans = new java.util.HashMap<>();
    for (Event e : events) {
      for (AlertChange c : engine.process(e)) {
        if (c instanceof AlertChange.Opened o) {
          counts.put(o.alertId(), new long[] {o.eventCount()});
          keys.put(o.alertId(), o.ruleKey() + " " + o.entityValue());
          spans.put(o.alertId(), new Instant[] {o.firstSeen(), o.lastSeen()});
        } else if (c instanceof AlertChange.Folded f) {
          counts.get(f.alertId())[0]++;
          Instant[] s = spans.get(f.alertId());
          s[0] = f.time().isBefore(s[0]) ? f.time() : s[0];
          s[1] = f.time().isAfter(s[1]) ? f.time() : s[1];
        }
      }
    }
    List<String> out = new ArrayList<>();
    counts.forEach(
        (id, n) ->
            out.add(
                id
                    + " "
                    + keys.get(id)
                    + " "
                    + spans.get(id)[0]
                    + " "
                    + spans.get(id)[1]
                    + " "
                    + n[0]));
    return sorted(out);
  }

  static List<String> summaries(List<AlertRecord> alerts) {
    return alerts.stream()
        .map(
            a ->
                a.id()
                    + " "
                    + a.ruleKey()
                    + " "
                    + a.entityValue()
                    + " "
                    + a.firstSeen()
                    + " "
                    + a.lastSeen()
                    + " "
                    + a.eventCount())
        .sorted()
        .toList();
  }

  static List<String> sorted(List<String> in) {
    Set<String> s = new TreeSet<>(in);
    return List.copyOf(s);
  }

  List<AlertRecord> all(String tenant) {
    return alerts
        .list(tenant, new AlertFilter(null, null, null, null, null, null), 200, null)
        .items();
  }

  static void drain(DetectionPass pass, String tenant) {
    while (pass.run(tenant).batches() > 0) {
      // until the cursor reaches the stream's end
    }
  }

  static void runLimited(DetectionPass pass, String tenant, int passes) {
    for (int i = 0; i < passes; i++) {
      pass.run(tenant);
    }
  }

  static void drainAll(DetectionPass pass) {
    while (true) {
      List<String> behind = pass.cursors().tenantsBehind();
      if (behind.isEmpty()) {
        return;
      }
      behind.forEach(pass::run);
    }
  }

  static Path dataset(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared").resolve("datasets").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      candidate = p.resolve("shared").resolve("datasets").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("../shared/datasets/" + relative + " not found");
  }
}
