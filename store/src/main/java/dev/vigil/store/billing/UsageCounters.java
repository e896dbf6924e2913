package dev.vigil.store.billing;

import dev.vigil.store.system.TenantJdbc;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The usage a tenant's plan limits: playbook runs started this month, events accepted today and
 * scans requested today (UTC periods), each a counter incremented in the transaction that does the
 * work — so a rolled-back batch counts nothing and reading usage is one primary-key lookup.
 */
public class UsageCounters {

  /** Playbook runs started in the calendar month (UTC). */
  public static final String RUNS = "runs";

  /** Events accepted by ingest on the day (UTC). */
  public static final String EVENTS = "events";

  /** Scans requested on the day (UTC). */
  public static final String SCANS = "scans";

  private final TenantJdbc db;

  public UsageCounters(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** The period {@code metric} counts {@code at} in: its month for runs, its day otherwise. */
  public static LocalDate period(String metric, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    return RUNS.equals(metric) ? day.withDayOfMonth(1) : day;
  }

  /** Adds {@code n} to the tenant's {@code metric} now, in the caller's transaction. */
  public static void add(JdbcClient jdbc, String tenant, String metric, long n) {
    if (n == 0) {
      return;
    }
    jdbc.sql(
            "insert into usage_counters (tenant_id, metric, period, value) values (:t, :m, :p, :n)"
                + " on conflict (tenant_id, metric, period) do update set value ="
                + " usage_counters.value + excluded.value")
        .param("t", tenant)
        .param("m", metric)
        .param("p", period(metric, Instant.now()))
        .param("n", n)
        .update();
  }

  /** A counted limit would be passed: nothing of the work was kept (its transaction rolls back). */
  public static final class LimitReached extends RuntimeException {
    public final long used;
    public final long adding;

    LimitReached(String metric, long used, long adding, long max) {
      super(metric + ": " + used + " used, " + adding + " more would pass " + max);
      this.used = used;
      this.adding = adding;
    }

    /** For a limit checked elsewhere (the file store's bytes). */
    public LimitReached(long used, long adding) {
      super(used + " used, " + adding + " more would pass the limit");
      this.used = used;
      this.adding = adding;
    }
  }

  /**
   * In the caller's transaction, before {@link #add}: locks the tenant's counter of {@code metric}
   * for the current period and refuses ({@link LimitReached}) when {@code adding} more would pass
   * {@code max} (null: unlimited). Concurrent requests wait on the row lock, so two batches cannot
   * both pass the limit.
   */
  public static void requireWithin(
      JdbcClient jdbc, String tenant, String metric, long adding, Long max) {
    if (max == null || adding == 0) {
      return;
    }
    LocalDate period = period(metric, Instant.now());
    jdbc.sql(
            "insert into usage_counters (tenant_id, metric, period, value) values (:t, :m, :p, 0)"
                + " on conflict do nothing")
        .param("t", tenant)
        .param("m", metric)
        .param("p", period)
        .update();
    long used =
        jdbc.sql(
                "select value from usage_counters where tenant_id = :t and metric = :m and period ="
                    + " :p for update")
            .param("t", tenant)
            .param("m", metric)
            .param("p", period)
            .query(Long.class)
            .single();
    if (used + adding > max) {
      throw new LimitReached(metric, used, adding, max);
    }
  }

  /** The tenant's runs this month, events today and scans today, as of {@code now}. */
  public Map<String, Long> current(String tenant, Instant now) {
    return db.inTenant(
        tenant,
        j -> {
          Map<String, Long> out = new java.util.LinkedHashMap<>();
          for (String metric : new String[] {RUNS, EVENTS, SCANS}) {
            out.put(
                metric,
                j.sql(
                        "select coalesce(max(value), 0) from usage_counters where tenant_id = :t"
                            + " and metric = :m and period = :p")
                    .param("t", tenant)
                    .param("m", metric)
                    .param("p", period(metric, now))
                    .query(Long.class)
                    .single());
          }
          return out;
        });
  }

  /**
   * What the tenant uses of each limit of {@link Plans#LIMITS}, as of {@code now}: members (enabled
   * memberships), Wazuh agents synced, scans today and queued or running, runs this month, events
   * today, bytes of distinct file content, and its event retention setting. Small tables are
   * counted, the large ones read from the counters.
   */
  public Map<String, Long> usage(String tenant, Instant now) {
    Map<String, Long> counters = current(tenant, now);
    return db.inTenant(
        tenant,
        j ->
            j.sql(
                    "select (select count(*) from memberships where tenant_id = :t and not"
                        + " disabled), (select count(*) from wazuh_agents where tenant_id = :t),"
                        + " (select count(*) from scans where tenant_id = :t and status in"
                        + " ('queued', 'running')), (select coalesce(sum(size), 0) from file_blobs where"
                        + " tenant_id = :t), (select coalesce(max(retention_days), :d) from"
                        + " tenant_settings where tenant_id = :t)")
                .param("t", tenant)
                .param("d", dev.vigil.store.settings.TenantSettings.DEFAULTS.retentionDays())
                .query(
                    (rs, n) -> {
                      Map<String, Long> u = new java.util.LinkedHashMap<>();
                      u.put("members", rs.getLong(1));
                      u.put("wazuhAgents", rs.getLong(2));
                      u.put("scansPerDay", counters.get(SCANS));
                      u.put("concurrentScans", rs.getLong(3));
                      u.put("runsPerMonth", counters.get(RUNS));
                      u.put("eventRetentionDays", rs.getLong(5));
                      u.put("eventsPerDay", counters.get(EVENTS));
                      u.put("fileStorageBytes", rs.getLong(4));
                      return u;
                    })
                .single());
  }
}
