package dev.vigil.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.report.ReportBuilders;
import dev.vigil.activities.report.ReportDocument;
import dev.vigil.activities.report.ReportFormats;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.file.FileStore;
import dev.vigil.store.file.FileTypes;
import dev.vigil.store.file.LocalBlobStore;
import dev.vigil.store.system.EmbeddedDatabase;
import dev.vigil.store.system.Migrations;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./vigil bench files}: the file store's upload and download throughput through {@link
 * FileStore} on the local backend (binary content, which is typed and hashed; text, which the DLP
 * scan reads too), and the time to build and render reports over a month of 1,000 incidents seeded
 * by {@link IncidentSeed} — the same classes the API and the report activity run, without HTTP.
 */
final class FilesBenchmark {

  static final int FILES = Integer.getInteger("bench.files", 8);
  static final int MIB = Integer.getInteger("bench.fileMiB", 32);
  static final int REPEAT = Integer.getInteger("bench.reports", 5);
  private static final String TENANT = IncidentSeed.TENANT;

  private FilesBenchmark() {}

  static void main(String[] args) throws Exception {
    Path out = args.length == 2 && args[0].equals("--write") ? Path.of(args[1]) : null;
    if (args.length != 0 && out == null) {
      throw new IllegalArgumentException("usage: ./vigil bench files [--write FILE]");
    }
    Path dir = Files.createTempDirectory("vigil-bench-files");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(null, 0);
        HikariDataSource ds = IncidentBenchmark.pool(db)) {
      Migrations.apply(ds);
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      // 3,000 incidents over 90 days: about 1,000 in the last 30
      try (Connection c = ds.getConnection()) {
        IncidentSeed.seed(c, 3_000, 30_000, t0);
      }
      JdbcClient sql = JdbcClient.create(ds);
      // room for every upload of the run
      sql.sql(
              "insert into tenant_settings (tenant_id, file_quota_bytes, max_upload_bytes, updated_by)"
                  + " values (:t, :q, :m, 'bench') on conflict (tenant_id) do update"
                  + " set file_quota_bytes = :q, max_upload_bytes = :m")
          .param("t", TENANT)
          .param("q", 1L << 40)
          .param("m", 10L << 30)
          .update();
      FileStore store =
          new FileStore(
              ds,
              new LocalBlobStore(dir.resolve("blobs")),
              dir.resolve("spool"),
              FileTypes.DEFAULT_ALLOWED,
              Clock.systemUTC());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"machine", BenchSupport.machine()});
      rows.add(new String[] {"date", LocalDate.now().toString()});
      rows.add(new String[] {"files × size", FILES + " × " + MIB + " MiB, each distinct"});
      StoredFile[] binary = new StoredFile[1];
      double up = upload(store, "capture.png", FilesBenchmark::png, binary);
      rows.add(row("upload, binary (PNG): MiB/s", up));
      StoredFile[] text = new StoredFile[1];
      double upText = upload(store, "export.csv", FilesBenchmark::csv, text);
      rows.add(row("upload, text (CSV, DLP-scanned): MiB/s", upText));
      rows.add(row("download: MiB/s", download(store, binary[0])));
      long incidents =
          sql.sql(
                  "select count(*) from incidents where tenant_id = :t and opened_at >= :from"
                      + " and opened_at < :to")
              .param("t", TENANT)
              .param("from", java.sql.Timestamp.from(t0.minus(Duration.ofDays(30))))
              .param("to", java.sql.Timestamp.from(t0))
              .query(Long.class)
              .single();
      rows.add(new String[] {"incidents in the month reported", String.format("%,d", incidents)});
      ReportBuilders builders = new ReportBuilders(ds);
      Map<String, String> month =
          Map.of("from", t0.minus(Duration.ofDays(30)).toString(), "to", t0.toString());
      String incident =
          sql.sql(
                  "select id::text from incidents where tenant_id = :t order by alert_count desc"
                      + " limit 1")
              .param("t", TENANT)
              .query(String.class)
              .single();
      for (String[] r :
          List.of(
              new String[] {"executive_summary", "pdf"},
              new String[] {"executive_summary", "csv"},
              new String[] {"executive_summary", "json"},
              new String[] {"audit", "pdf"},
              new String[] {"incident", "pdf"})) {
        Map<String, String> params =
            r[0].equals("incident") ? Map.of("incidentId", incident) : month;
        rows.add(report(builders, r[0], r[1], params, t0));
      }
      String table = table(rows);
      System.out.println(table);
      if (out != null) {
        BenchSupport.write(out, table, "bench-files");
        System.out.println("written to " + out);
      }
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String[] row(String name, double v) {
    return new String[] {name, String.format(Locale.ROOT, "%.0f", v)};
  }

  /** Uploads FILES distinct files of MIB MiB; MiB/s over all of them (the first is a warm-up). */
  private static double upload(
      FileStore store, String name, Supplier<InputStream> content, StoredFile[] last)
      throws Exception {
    last[0] = store.store(TENANT, name, content.get(), List.of("bench"), "bench", "upload", null);
    long start = System.nanoTime();
    for (int i = 0; i < FILES; i++) {
      last[0] =
          store.store(
              TENANT, i + "-" + name, content.get(), List.of("bench"), "bench", "upload", null);
    }
    return FILES * (double) MIB / ((System.nanoTime() - start) / 1e9);
  }

  private static double download(FileStore store, StoredFile f) throws Exception {
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < FILES; i++) {
      try (InputStream in = store.open(TENANT, f)) {
        bytes += in.transferTo(OutputStream.nullOutputStream());
      }
    }
    return bytes / (1024.0 * 1024) / ((System.nanoTime() - start) / 1e9);
  }

  /** A PNG signature and then MIB MiB of random bytes: typed image/png, not scanned. */
  private static InputStream png() {
    byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    byte[] body = new byte[MIB * 1024 * 1024];
    new Random(System.nanoTime()).nextBytes(body);
    return new SequenceInputStream(
        new java.io.ByteArrayInputStream(head), new java.io.ByteArrayInputStream(body));
  }

  /** MIB MiB of CSV lines, distinct per call, with nothing sensitive for the DLP scan to find. */
  private static InputStream csv() {
    StringBuilder b = new StringBuilder(MIB * 1024 * 1024 + 200);
    long seed = System.nanoTime();
    b.append("time,user,src_ip,action,bytes\n");
    for (long i = 0; b.length() < MIB * 1024 * 1024; i++) {
      b.append("2026-11-")
          .append(1 + i % 28)
          .append("T10:00:00Z,user")
          .append((seed + i) % 997)
          .append(",10.0.")
          .append(i % 250)
          .append('.')
          .append((i * 7) % 250)
          .append(",login,")
          .append(i * 31 % 100_000)
          .append('\n');
    }
    return new java.io.ByteArrayInputStream(b.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Builds and renders one report REPEAT times after a warm-up: the median, split in two. */
  private static String[] report(
      ReportBuilders builders,
      String type,
      String format,
      Map<String, String> params,
      Instant now) {
    List<Double> build = new ArrayList<>();
    List<Double> render = new ArrayList<>();
    ReportFormats.Rendered out = null;
    for (int i = 0; i <= REPEAT; i++) {
      long a = System.nanoTime();
      ReportDocument doc = builders.build(TENANT, type, params, now);
      long b = System.nanoTime();
      out = ReportFormats.render(doc, format, type);
      long c = System.nanoTime();
      if (i > 0) {
        build.add((b - a) / 1e6);
        render.add((c - b) / 1e6);
      }
    }
    Collections.sort(build);
    Collections.sort(render);
    double bm = build.get(build.size() / 2);
    double rm = render.get(render.size() / 2);
    return new String[] {
      type.replace('_', ' ') + " report, " + format + ": build + render (median of " + REPEAT + ")",
      String.format(
          Locale.ROOT,
          "%.0f ms + %.0f ms = %.0f ms · %,d bytes%s",
          bm,
          rm,
          bm + rm,
          out.bytes().length,
          out.pages() > 0 ? " · " + out.pages() + " pages" : "")
    };
  }

  private static String table(List<String[]> rows) {
    StringBuilder b = new StringBuilder("| measure | value |\n|---|---|\n");
    for (String[] r : rows) {
      b.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n");
    }
    return b.toString().strip();
  }
}
