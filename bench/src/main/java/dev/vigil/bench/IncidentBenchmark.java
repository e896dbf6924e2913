package dev.vigil.bench;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.incident.IncidentReads;
import dev.vigil.store.system.EmbeddedDatabase;
import dev.vigil.store.system.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./vigil bench incidents}: the incident queue and the alert list at scale (issue 11: with
 * 1,000,000 alerts and 50,000 incidents in one tenant, both lists answer in p99 ≤ 100 ms). Starts
 * the embedded PostgreSQL, applies the migrations, seeds one tenant ({@link IncidentSeed}), then
 * times each read through the store's own classes — {@link IncidentReads}, {@link AlertRepository}
 * — so the SQL measured is the SQL the API runs, with its tenant transaction and row mapping (no
 * HTTP, no JSON). Reads whose p99 misses the target are EXPLAINed (ANALYZE, BUFFERS). Each {@code
 * --try FILE} applies the SQL in FILE (an index, say) on top of the ones before and measures
 * everything again; {@code --write FILE} replaces the table section of FILE with the first table,
 * the one of the schema as migrated.
 */
final class IncidentBenchmark {

  static final int INCIDENTS = Integer.getInteger("bench.incidents", 50_000);
  static final int ALERTS = Integer.getInteger("bench.alerts", 1_000_000);
  static final int CALLS = Integer.getInteger("bench.calls", 300);
  static final int WARMUP = Integer.getInteger("bench.warmup", 30);

  /** Which reads to EXPLAIN: {@code slow} (p99 over the target), {@code all} or {@code none}. */
  static final String EXPLAIN = System.getProperty("bench.explain", "slow");

  static final double TARGET_MS = 100;
  private static final String TENANT = IncidentSeed.TENANT;

  /** A read's latencies, and the rows a call returned on average. */
  record Timing(String name, double rows, List<Double> ms) {}

  private final DataSource ds;
  private final JdbcClient owner;
  private String seeding;
  private String data;
  private IncidentQueries.Samples samples;
  private List<Timing> timings;
  private String load;

  IncidentBenchmark(DataSource ds) {
    this.ds = ds;
    this.owner = JdbcClient.create(ds);
  }

  static void main(String[] args) throws Exception {
    Path out = null;
    List<Path> tries = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--write") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (args[i].equals("--try") && i + 1 < args.length) {
        tries.add(Path.of(args[++i]));
      } else {
        throw new IllegalArgumentException(
            "usage: ./vigil bench incidents [--write FILE] [--try SQL-FILE]...");
      }
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    String keep = System.getProperty("bench.data"); // a folder to keep the seeded database in
    if (keep != null && !tries.isEmpty()) {
      throw new IllegalArgumentException(
          "--try changes the schema of the benchmark's database: not with -Dbench.data");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(keep == null ? null : Path.of(keep), 0);
        HikariDataSource ds = pool(db)) {
      Migrations.apply(ds);
      IncidentBenchmark b = new IncidentBenchmark(ds);
      b.prepare();
      String table = b.table(b.measure(), null);
      System.out.println(table);
      b.explain();
      if (out != null) {
        BenchSupport.write(out, table, "bench-incidents");
        System.out.println("written to " + out);
      }
      // each change on top of the ones before
      StringBuilder tried = new StringBuilder();
      for (Path t : tries) {
        String sql = Files.readString(t).strip();
        System.out.println("\napplying " + t + " and measuring again");
        b.apply(sql);
        tried.append(sql).append('\n');
        System.out.println(b.table(b.measure(), tried.toString()));
        b.explain();
      }
    }
  }

  /** A small pool of the schema owner on {@code db}. */
  static HikariDataSource pool(EmbeddedDatabase db) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(db.jdbcUrl("postgres"));
    cfg.setUsername(EmbeddedDatabase.USER);
    cfg.setPassword("");
    cfg.setMaximumPoolSize(4);
    return new HikariDataSource(cfg);
  }

  /** Seeds the tenant unless a kept database already holds it; loads the samples. */
  void prepare() throws SQLException {
    long present =
        owner
            .sql("select count(*) from incidents where tenant_id = :t")
            .param("t", TENANT)
            .query(Long.class)
            .single();
    if (present > 0) {
      seeding = "reused a kept database (bench.data)";
    } else {
      Map<String, Double> took;
      try (Connection c = ds.getConnection()) {
        took =
            IncidentSeed.seed(c, INCIDENTS, ALERTS, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (Statement s = c.createStatement()) {
          s.execute("discard temp");
        }
      }
      double total = took.values().stream().mapToDouble(Double::doubleValue).sum();
      seeding =
          fmt0(total)
              + " s ("
              + took.entrySet().stream()
                  .map(e -> e.getKey() + " " + fmt0(e.getValue()) + " s")
                  .collect(Collectors.joining(", "))
              + ")";
    }
    data = describeData();
    samples = IncidentQueries.Samples.load(ds);
  }

  private String describeData() {
    Map<String, Object> r =
        owner
            .sql(
                "select (select count(*) from incidents where tenant_id = :t) as incidents,"
                    + " (select count(*) from incidents where tenant_id = :t and status not in"
                    + " ('resolved', 'closed')) as open,"
                    + " (select count(*) from incidents where tenant_id = :t and breached) as breached,"
                    + " (select count(*) from alerts where tenant_id = :t) as alerts,"
                    + " (select count(*) from incident_alerts where tenant_id = :t) as links,"
                    + " (select count(*) from incident_timeline where tenant_id = :t) as timeline,"
                    + " (select count(*) from incident_observables where tenant_id = :t) as obs,"
                    + " (select count(*) from incident_runs where tenant_id = :t) as runs,"
                    + " pg_size_pretty(pg_database_size(current_database())) as size")
            .param("t", TENANT)
            .query()
            .singleRow();
    long incidents = ((Number) r.get("incidents")).longValue();
    return String.format(
        Locale.ROOT,
        "%,d incidents (%.1f %% open, %.1f %% breached), %,d alerts, %,d incident_alerts,"
            + " %,d timeline entries, %,d observables, %,d runs; database %s",
        incidents,
        100.0 * ((Number) r.get("open")).longValue() / incidents,
        100.0 * ((Number) r.get("breached")).longValue() / incidents,
        ((Number) r.get("alerts")).longValue(),
        ((Number) r.get("links")).longValue(),
        ((Number) r.get("timeline")).longValue(),
        ((Number) r.get("obs")).longValue(),
        ((Number) r.get("runs")).longValue(),
        r.get("size"));
  }

  /**
   * Warm-up, then {@link #CALLS} rounds; each round calls every read once, so that noise from the
   * shared machine falls on all reads alike.
   */
  List<Timing> measure() {
    IncidentQueries.Stores s = IncidentQueries.Stores.over(ds);
    List<IncidentQueries.Query> qs = IncidentQueries.all(samples);
    String loadBefore = loadAverage();
    for (int w = 0; w < WARMUP; w++) {
      for (IncidentQueries.Query q : qs) {
        q.read().rows(s, CALLS + w);
      }
    }
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    for (int i = 0; i < CALLS; i++) {
      for (IncidentQueries.Query q : qs) {
        long t = System.nanoTime();
        int n = q.read().rows(s, i);
        ms.computeIfAbsent(q.name(), k -> new ArrayList<>()).add((System.nanoTime() - t) / 1e6);
        rows.merge(q.name(), (long) n, Long::sum);
      }
    }
    load = loadBefore + " before, " + loadAverage() + " after";
    timings =
        qs.stream()
            .map(q -> new Timing(q.name(), rows.get(q.name()) / (double) CALLS, ms.get(q.name())))
            .toList();
    return timings;
  }

  String table(List<Timing> ts, String tried) {
    long met = ts.stream().filter(t -> pct(t.ms(), 99) <= TARGET_MS).count();
    List<String> lines = new ArrayList<>();
    lines.add("| measure | value |");
    lines.add("|---|---|");
    lines.add("| machine | " + BenchSupport.machine() + " |");
    lines.add("| date | " + Instant.now().toString().substring(0, 10) + " |");
    lines.add("| data (one tenant) | " + data + " |");
    lines.add("| seeding: set-based SQL, a chunk a transaction | " + seeding + " |");
    if (tried != null) {
      String statements =
          tried
              .lines()
              .filter(l -> !l.strip().startsWith("--"))
              .collect(Collectors.joining(" "))
              .replaceAll("\\s+", " ")
              .strip();
      lines.add("| **change tried** | `" + statements + "` |");
    }
    lines.add(
        "| calls | "
            + CALLS
            + " a read after "
            + WARMUP
            + " warm-up rounds, round-robin over the reads, one at a time; load average "
            + load
            + " |");
    lines.add("| **reads with p99 ≤ 100 ms** | " + met + " of " + ts.size() + " |");
    lines.add("");
    lines.add("| read (store call the API makes) | rows | p50 ms | p95 ms | p99 ms | max ms |");
    lines.add("|---|---|---|---|---|---|");
    for (Timing t : ts) {
      double p99 = pct(t.ms(), 99);
      lines.add(
          "| "
              + t.name()
              + " | "
              + (t.rows() < 10 ? fmt(t.rows()) : fmt0(t.rows()))
              + " | "
              + fmt(pct(t.ms(), 50))
              + " | "
              + fmt(pct(t.ms(), 95))
              + " | "
              + (p99 > TARGET_MS ? "**" + fmt(p99) + "**" : fmt(p99))
              + " | "
              + fmt(Collections.max(t.ms()))
              + " |");
    }
    return String.join("\n", lines);
  }

  /** Prints EXPLAIN (ANALYZE, BUFFERS) of every statement of the reads {@link #EXPLAIN} selects. */
  void explain() throws SQLException {
    SqlCapture capture = new SqlCapture();
    IncidentQueries.Stores recorded = IncidentQueries.Stores.over(capture.wrap(ds));
    Map<String, IncidentQueries.Query> byName = new LinkedHashMap<>();
    IncidentQueries.all(samples).forEach(q -> byName.put(q.name(), q));
    for (Timing t : timings) {
      boolean slow = pct(t.ms(), 99) > TARGET_MS;
      if (EXPLAIN.equals("all") || (EXPLAIN.equals("slow") && slow)) {
        // the sample of the slowest measured call, on a fresh statement and so a custom plan: if
        // that plan is fast, the slow calls ran a cached generic plan
        int worst = t.ms().indexOf(Collections.max(t.ms()));
        IncidentQueries.Query q = byName.get(t.name());
        System.out.println(
            "\n### " + t.name() + " (call " + worst + ", p99 " + fmt(pct(t.ms(), 99)) + " ms)");
        for (SqlCapture.Captured c : capture.capture(() -> q.read().rows(recorded, worst))) {
          System.out.println(c.sql() + "\n-- " + c.params());
          System.out.println(SqlCapture.explain(ds, TENANT, c));
        }
      }
    }
  }

  /**
   * Applies a tried change, refreshes the statistics, and replaces the pooled connections so that
   * database settings take effect and no statement prepared before the change is reused.
   */
  void apply(String sql) throws SQLException {
    long t = System.nanoTime();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute(sql);
      s.execute("analyze");
    }
    if (ds instanceof HikariDataSource h) {
      h.getHikariPoolMXBean().softEvictConnections();
    }
    System.out.println("applied in " + fmt((System.nanoTime() - t) / 1e9) + " s");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.isEmpty()
        ? 0
        : s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String fmt0(double d) {
    return String.format(Locale.ROOT, "%,.0f", d);
  }
}
