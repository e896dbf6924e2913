package dev.vigil.worker.detection;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vigil.detections.engine.AlertChange;
import dev.vigil.detections.engine.CompiledRule;
import dev.vigil.detections.engine.DetectionEngine;
import dev.vigil.detections.engine.GroupState;
import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.RuleReport;
import dev.vigil.detections.rule.RuleValidator;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.detection.DetectionCursors;
import dev.vigil.store.detection.DetectionCursors.Cursor;
import dev.vigil.store.detection.DetectionCursors.StateRow;
import dev.vigil.store.detection.DetectionRuleRepository;
import dev.vigil.store.detection.RuleVersion;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.event.StoredBatch;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.workflows.system.VigilMeters;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One detection step for one tenant: claim its cursor, run the enabled rules over the batches
 * committed after it, and commit the alerts, the engine state and the new position in the same
 * transaction. A crash anywhere before that commit leaves everything as it was, and the next pass
 * (here or on another worker) redoes the same batches from the same state — the engine is
 * deterministic, so the same alerts come out, with the same ids: none lost, none twice.
 *
 * <p>The engine is kept in memory between passes and rebuilt from the database whenever the rules
 * changed, the stored position is not the one this process last wrote (another worker processed the
 * tenant meanwhile), or a pass failed.
 */
public final class DetectionPass {

  private static final Logger log = LoggerFactory.getLogger(DetectionPass.class);

  /** Events one pass reads at most (whole batches; at least one batch). */
  public static final int MAX_EVENTS = 20_000;

  private final int maxEvents;
  private final TenantJdbc db;
  private final DetectionCursors cursors;
  private final DetectionRuleRepository rules;
  private final EventReads events;
  private final AlertRepository alerts;
  private final Map<String, Loaded> engines = new ConcurrentHashMap<>();
  private final Map<String, Long> reported = new ConcurrentHashMap<>();
  private final VigilMeters meters;

  /** Runs inside the transaction just before it commits; tests use it to fail a pass there. */
  volatile java.util.function.Consumer<JdbcClient> beforeCommit = j -> {};

  /** What a pass did: events read, alert changes written, or that another consumer holds it. */
  public record Result(boolean claimed, int batches, int events, int changes) {
    static final Result BUSY = new Result(false, 0, 0, 0);
  }

  private record Loaded(DetectionEngine engine, String fingerprint, long position) {}

  public DetectionPass(DataSource dataSource) {
    this(dataSource, MAX_EVENTS);
  }

  /**
   * @param maxEvents events one pass reads at most (whole batches; at least one batch)
   */
  public DetectionPass(DataSource dataSource, int maxEvents) {
    this(dataSource, maxEvents, VigilMeters.discard());
  }

  /**
   * @param meters where alerts raised and the detection lag are recorded
   */
  public DetectionPass(DataSource dataSource, int maxEvents, VigilMeters meters) {
    this.meters = meters;
    this.maxEvents = maxEvents;
    this.db = new TenantJdbc(dataSource);
    this.cursors = new DetectionCursors(dataSource);
    this.rules = new DetectionRuleRepository(dataSource);
    this.events = new EventReads(dataSource);
    this.alerts = new AlertRepository(dataSource);
  }

  public DetectionCursors cursors() {
    return cursors;
  }

  /** Forgets the in-memory engines (tests that simulate a restart). */
  public void forget() {
    engines.clear();
  }

  public Result run(String tenant) {
    Loaded[] kept = new Loaded[1];
    List<AlertChange> written = new ArrayList<>();
    java.time.Instant[] oldest = new java.time.Instant[1];
    try {
      Result r =
          db.inTenant(
              tenant,
              jdbc -> {
                Optional<Cursor> claimed = cursors.claim(jdbc, tenant);
                if (claimed.isEmpty()) {
                  return Result.BUSY;
                }
                Cursor cursor = claimed.get();
                Loaded loaded = engine(jdbc, tenant, cursor);
                List<StoredBatch> batches =
                    events.batchesAfter(jdbc, tenant, cursor.lastBatch(), 1_000);
                List<AlertChange> changes = new ArrayList<>();
                long position = cursor.lastBatch();
                int read = 0;
                int used = 0;
                for (StoredBatch b : batches) {
                  if (used > 0 && read + b.accepted() > maxEvents) {
                    break;
                  }
                  for (Event e : events.eventsOf(jdbc, tenant, b)) {
                    changes.addAll(loaded.engine().process(e));
                  }
                  read += b.accepted();
                  if (used == 0) {
                    oldest[0] = b.receivedAt();
                  }
                  position = b.batchId();
                  used++;
                }
                if (used == 0) {
                  kept[0] = loaded;
                  return new Result(true, 0, 0, 0);
                }
                alerts.apply(jdbc, tenant, changes);
                cursors.saveState(jdbc, tenant, stateRows(loaded.engine()), ruleKeys(loaded));
                cursors.advance(jdbc, tenant, position, meta(loaded.engine()));
                beforeCommit.accept(jdbc);
                kept[0] = new Loaded(loaded.engine(), loaded.fingerprint(), position);
                written.addAll(changes);
                return new Result(true, used, read, changes.size());
              });
      // counted once committed: a rolled-back pass is run again
      if (r.batches() > 0) {
        measure(written, oldest[0]);
      }
      if (kept[0] != null) {
        engines.put(tenant, kept[0]);
        reportErrors(tenant, kept[0].engine());
      }
      return r;
    } catch (RuntimeException e) {
      // The engine may hold state the rolled-back transaction did not keep.
      engines.remove(tenant);
      throw e;
    }
  }

  private void measure(List<AlertChange> changes, java.time.Instant oldest) {
    changes.stream()
        .filter(c -> c instanceof AlertChange.Opened)
        .collect(
            java.util.stream.Collectors.groupingBy(
                c -> ((AlertChange.Opened) c).severity(), java.util.stream.Collectors.counting()))
        .forEach(meters::alertsRaised);
    if (oldest != null) {
      meters.detectionLag(java.time.Duration.between(oldest, java.time.Instant.now()));
    }
  }

  /** Rules whose expressions failed on events since the last report, once per pass. */
  private void reportErrors(String tenant, DetectionEngine engine) {
    engine
        .stats()
        .forEach(
            (rule, s) -> {
              String k = tenant + "/" + rule;
              long before = reported.getOrDefault(k, 0L);
              if (s.errors > before) {
                log.warn(
                    "rule {} of tenant {} failed on {} event(s) (they do not match it): {}",
                    rule,
                    tenant,
                    s.errors - before,
                    s.lastError);
                reported.put(k, s.errors);
              } else if (s.errors < before) {
                reported.put(k, s.errors); // a rebuilt engine counts afresh
              }
            });
  }

  private Loaded engine(JdbcClient jdbc, String tenant, Cursor cursor) {
    List<RuleVersion> enabled = rules.enabled(jdbc, tenant);
    ZoneId zone = zone(jdbc, tenant);
    StringBuilder fp = new StringBuilder(zone.getId());
    enabled.forEach(r -> fp.append('|').append(r.key()).append('@').append(r.version()));
    String fingerprint = fp.toString();
    Loaded cached = engines.get(tenant);
    if (cached != null
        && cached.fingerprint().equals(fingerprint)
        && cached.position() == cursor.lastBatch()) {
      return cached;
    }
    List<CompiledRule> compiled = new ArrayList<>();
    for (RuleVersion v : enabled) {
      RuleReport report = RuleValidator.validate(v.definition());
      if (report.valid()) {
        compiled.add(CompiledRule.of(report.rule(), v.version()));
      } else {
        // Published versions were valid when published; a schema change may refuse an old one.
        log.warn(
            "rule {} v{} of tenant {} no longer validates and is not run: {}",
            v.key(),
            v.version(),
            tenant,
            report.errors().get(0).format());
      }
    }
    DetectionEngine engine = new DetectionEngine(tenant, zone, compiled);
    cursor
        .meta()
        .forEach(
            (key, m) -> {
              if (m instanceof Map<?, ?> meta && meta.get("version") instanceof Number v) {
                Object first = meta.get("firstEventAt");
                engine.restoreMeta(
                    key, v.intValue(), first instanceof Number n ? n.longValue() : null);
              }
            });
    cursors.loadState(
        jdbc,
        tenant,
        row -> engine.restore(row.ruleKey(), row.ruleVersion(), row.groupKey(), group(row)));
    engine.drainDirty();
    return new Loaded(engine, fingerprint, cursor.lastBatch());
  }

  private static GroupState group(StateRow row) {
    try {
      return Json.MAPPER.readValue(row.stateJson(), GroupState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored detection state is not readable", e);
    }
  }

  private static List<StateRow> stateRows(DetectionEngine engine) {
    List<StateRow> rows = new ArrayList<>();
    for (DetectionEngine.StateChange c : engine.drainDirty()) {
      rows.add(
          new StateRow(
              c.ruleKey(),
              c.ruleVersion(),
              c.groupKey(),
              c.state() == null ? null : Json.write(c.state())));
    }
    return rows;
  }

  private static List<String> ruleKeys(Loaded loaded) {
    return loaded.engine().rules().stream().map(CompiledRule::key).toList();
  }

  private static Map<String, Object> meta(DetectionEngine engine) {
    Map<String, Object> out = new LinkedHashMap<>();
    engine
        .meta()
        .forEach(
            (key, s) -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("version", s.version);
              m.put("firstEventAt", s.firstEventAt);
              out.put(key, m);
            });
    return out;
  }

  private static ZoneId zone(JdbcClient jdbc, String tenant) {
    String tz =
        jdbc.sql("select timezone from tenant_settings where tenant_id = :t")
            .param("t", tenant)
            .query(String.class)
            .optional()
            .orElse("UTC");
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
