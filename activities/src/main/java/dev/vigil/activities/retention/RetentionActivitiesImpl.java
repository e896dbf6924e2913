package dev.vigil.activities.retention;

import dev.vigil.store.billing.TenantPlans;
import dev.vigil.store.event.EventPartitions;
import dev.vigil.store.event.EventRetention;
import dev.vigil.workflows.retention.RetentionActivities;
import dev.vigil.workflows.retention.RetentionRequest;
import dev.vigil.workflows.retention.RetentionResult;
import dev.vigil.workflows.retention.RetentionResult.TenantRetention;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies every tenant's event retention (see {@link RetentionActivities#apply}).
 *
 * <p>Retention is by event time. Events of a batch the detection consumer has not reached yet are
 * deleted like any other once they are older than the horizon: the consumer runs seconds behind
 * ingest, so only events that arrive already older than the retention (a backfill) can be removed
 * before it reads them, and those the tenant asked not to keep. Batch records after the consumer's
 * cursor are never deleted, so its position in the stream stays where it is.
 *
 * <p>Whole partitions go first: dropping a day every tenant's horizon has passed is one cheap
 * statement, where deleting its rows one by one would write all of them to the WAL (a lowered
 * retention would otherwise turn the next run into a mass delete). Rows in dropped partitions are
 * therefore not in the tenants' counts.
 */
public class RetentionActivitiesImpl implements RetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(RetentionActivitiesImpl.class);

  private final EventRetention store;
  private final Clock clock;
  private final Function<String, Optional<Long>> planDays;

  /** Retention capped by each tenant's plan ({@code eventRetentionDays}). */
  public RetentionActivitiesImpl(DataSource dataSource, TenantPlans plans) {
    this(dataSource, Clock.systemUTC(), tenant -> plans.plan(tenant).limit("eventRetentionDays"));
  }

  /**
   * @param planDays the most days a tenant's plan lets it keep events (empty: no cap), applied over
   *     its own setting — a setting kept from a bigger plan never outlives the plan
   */
  public RetentionActivitiesImpl(
      DataSource dataSource, Clock clock, Function<String, Optional<Long>> planDays) {
    this.store = new EventRetention(dataSource);
    this.clock = clock;
    this.planDays = planDays;
  }

  @Override
  public RetentionResult apply(RetentionRequest request) {
    Instant now = clock.instant();
    List<EventRetention.Setting> settings =
        store.settings().stream()
            .map(
                s ->
                    new EventRetention.Setting(
                        s.tenant(),
                        (int)
                            Math.min(
                                s.retentionDays(),
                                planDays.apply(s.tenant()).orElse((long) s.retentionDays()))))
            .toList();
    List<String> dropped = dropPartitions(now, settings);
    List<TenantRetention> tenants = new ArrayList<>(settings.size());
    for (EventRetention.Setting s : settings) {
      tenants.add(tenant(s, now.minus(Duration.ofDays(s.retentionDays())), request.chunkRows()));
    }
    RetentionResult result = new RetentionResult(tenants, dropped);
    log.info(
        "retention applied: {} events deleted in {} tenants, partitions dropped {}",
        result.eventsDeleted(),
        tenants.size(),
        dropped);
    return result;
  }

  /** Drops the days before the longest retention's horizon; their names, oldest first. */
  private List<String> dropPartitions(Instant now, List<EventRetention.Setting> settings) {
    int longest =
        settings.stream()
            .mapToInt(EventRetention.Setting::retentionDays)
            .max()
            .orElse(dev.vigil.store.settings.TenantSettings.DEFAULTS.retentionDays());
    // a day is dropped only when its end is before the horizon: every row in it has expired
    LocalDate before = LocalDate.ofInstant(now.minus(Duration.ofDays(longest)), ZoneOffset.UTC);
    EventPartitions partitions = store.partitions();
    List<String> names =
        partitions.days().stream()
            .filter(d -> d.isBefore(before))
            .map(EventPartitions::name)
            .toList();
    partitions.dropBefore(before);
    heartbeat("partitions dropped before " + before);
    return names;
  }

  private TenantRetention tenant(EventRetention.Setting s, Instant horizon, int chunk) {
    MDC.put("tenant", s.tenant());
    try {
      long events = 0;
      int n;
      do {
        n = store.deleteEvents(s.tenant(), horizon, chunk);
        events += n;
        heartbeat(s.tenant() + ": " + events + " events deleted");
      } while (n == chunk);
      long batches = 0;
      do {
        n = store.deleteBatches(s.tenant(), horizon, chunk);
        batches += n;
        heartbeat(s.tenant() + ": " + batches + " batches deleted");
      } while (n == chunk);
      if (events > 0 || batches > 0) {
        log.info(
            "retention of {} days: {} events and {} batches before {} deleted",
            s.retentionDays(),
            events,
            batches,
            horizon);
      }
      return new TenantRetention(
          s.tenant(), s.retentionDays(), horizon.toString(), events, batches);
    } finally {
      MDC.remove("tenant");
    }
  }

  /** Progress for Temporal UI, and how a cancelled or timed-out attempt learns to stop. */
  private static void heartbeat(String progress) {
    Activity.getExecutionContext().heartbeat(progress);
  }
}
