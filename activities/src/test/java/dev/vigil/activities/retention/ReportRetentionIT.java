package dev.vigil.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditFilter;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.file.FileStore;
import dev.vigil.store.file.FileTypes;
import dev.vigil.store.file.LocalBlobStore;
import dev.vigil.store.report.ReportRepository;
import dev.vigil.store.report.ReportRepository.Report;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.retention.ReportRetentionActivities;
import dev.vigil.workflows.retention.ReportRetentionResult;
import dev.vigil.workflows.retention.ReportRetentionResult.TenantReports;
import dev.vigil.workflows.retention.RetentionRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Report retention on real PostgreSQL and a real file store, run as an activity: {@code acme} never
 * set a report retention (90 days), {@code beta} keeps reports 7 days and {@code gamma} keeps them
 * (0). Each loses only its own finished reports older than its own horizon: their files are gone
 * from the library and the disk, the rows stay marked expired, and each expiry is audited once.
 */
class ReportRetentionIT {

  static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

  @TempDir Path dir;
  HikariDataSource db;
  JdbcClient owner;
  FileStore files;
  ReportRepository reports;
  TestActivityEnvironment env;
  ReportRetentionActivities retention;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    owner = JdbcClient.create(db);
    TestDatabase.execute(
        db,
        "insert into tenants (id, name) values ('acme', 'Acme'), ('beta', 'Beta'), ('gamma',"
            + " 'Gamma')");
    TenantSettingsRepository settings = new TenantSettingsRepository(db);
    settings.put("beta", withReportRetention(7), "test");
    settings.put("gamma", withReportRetention(0), "test");
    files =
        new FileStore(
            db,
            new LocalBlobStore(dir.resolve("files")),
            dir.resolve("tmp"),
            FileTypes.DEFAULT_ALLOWED,
            Clock.systemUTC());
    reports = new ReportRepository(db);
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ReportRetentionActivitiesImpl(db, files, Clock.fixed(NOW, ZoneOffset.UTC)));
    retention =
        env.newActivityStub(
            ReportRetentionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setHeartbeatTimeout(Duration.ofMinutes(1))
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
    db.close();
  }

  static TenantSettings withReportRetention(int days) {
    TenantSettings d = TenantSettings.DEFAULTS;
    return new TenantSettings(
        d.timezone(),
        d.retentionDays(),
        d.sourceSilence(),
        d.agentDisconnectedAfter(),
        d.scanScope(),
        d.scanConcurrency(),
        d.maxUploadBytes(),
        d.fileQuotaBytes(),
        d.dlpPatterns(),
        days);
  }

  /** A succeeded report of {@code tenant} whose file holds {@code content}, ended days ago. */
  Report succeeded(String tenant, String content, double daysAgo) throws IOException {
    UUID id = UUID.randomUUID();
    reports.queue(tenant, id, "audit", Map.of(), "csv", "ana");
    StoredFile f = upload(tenant, content, "report");
    reports.succeed(tenant, id.toString(), f.id(), f.size(), 1);
    endedAgo(id, daysAgo);
    return reports.get(tenant, id.toString()).orElseThrow();
  }

  Report failed(String tenant, double daysAgo) {
    UUID id = UUID.randomUUID();
    reports.queue(tenant, id, "audit", Map.of(), "pdf", "ana");
    reports.fail(tenant, id.toString(), "no such period");
    endedAgo(id, daysAgo);
    return reports.get(tenant, id.toString()).orElseThrow();
  }

  StoredFile upload(String tenant, String content, String kind) throws IOException {
    return files.store(
        tenant,
        kind + ".csv",
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
        List.of(kind),
        "ana",
        kind,
        null);
  }

  void endedAgo(UUID id, double days) {
    owner
        .sql("update reports set ended_at = :at where id = :id")
        .param("at", Timestamp.from(NOW.minusSeconds((long) (days * 86_400))))
        .param("id", id)
        .update();
  }

  Report reload(String tenant, Report r) {
    return reports.get(tenant, r.id()).orElseThrow();
  }

  List<AuditEntry> expiries(String tenant) {
    return new AuditLog(db)
        .list(tenant, new AuditFilter("report.expire", null, null, null, null), 100, null)
        .items();
  }

  Path blob(String sha) {
    try (var paths = Files.walk(dir.resolve("files"))) {
      return paths.filter(p -> p.getFileName().toString().equals(sha)).findFirst().orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void eachTenantLosesOnlyItsOwnReportsPastItsOwnHorizon() throws Exception {
    Report acmeOld = succeeded("acme", "type,actor\nrun.approve,ana\n", 91);
    Report acmeFailed = failed("acme", 120);
    Report acmeRecent = succeeded("acme", "type,actor\nrun.reject,bob\n", 89);
    UUID running = UUID.randomUUID();
    reports.queue("acme", running, "audit", Map.of(), "pdf", "ana");
    reports.start("acme", running.toString());
    Report betaOld = succeeded("beta", "beta,old\n", 8);
    Report betaRecent = succeeded("beta", "beta,recent\n", 6);
    Report gammaAncient = succeeded("gamma", "gamma,ancient\n", 1000);
    String acmeSha = files.files().get("acme", acmeOld.fileId()).orElseThrow().sha256();
    assertThat(blob(acmeSha)).exists();

    ReportRetentionResult r = retention.apply(new RetentionRequest(50_000));

    Map<String, TenantReports> byTenant =
        r.tenants().stream().collect(Collectors.toMap(TenantReports::tenant, t -> t));
    assertThat(byTenant).containsKeys("acme", "beta").doesNotContainKey("gamma"); // gamma keeps
    assertThat(byTenant.get("acme").reportRetentionDays()).isEqualTo(90);
    assertThat(byTenant.get("acme").reportsExpired()).isEqualTo(2);
    assertThat(byTenant.get("acme").filesDeleted()).isEqualTo(1);
    assertThat(byTenant.get("acme").horizon()).isEqualTo("2026-09-04T12:00:00Z");
    assertThat(byTenant.get("beta").reportsExpired()).isEqualTo(1);

    Report expired = reload("acme", acmeOld);
    assertThat(expired.status()).isEqualTo("expired");
    assertThat(expired.fileId()).isNull();
    assertThat(expired.size()).as("what it was is still shown").isEqualTo(acmeOld.size());
    assertThat(files.files().get("acme", acmeOld.fileId())).isEmpty();
    assertThat(blob(acmeSha)).as("the content is gone from the disk").isNull();
    assertThat(reload("acme", acmeFailed).status()).isEqualTo("expired");
    assertThat(reload("acme", acmeRecent).status()).isEqualTo("succeeded");
    assertThat(files.files().get("acme", acmeRecent.fileId())).isPresent();
    assertThat(reports.get("acme", running.toString()).orElseThrow().status()).isEqualTo("running");
    assertThat(reload("beta", betaOld).status()).isEqualTo("expired");
    assertThat(reload("beta", betaRecent).status()).isEqualTo("succeeded");
    assertThat(reload("gamma", gammaAncient).status()).isEqualTo("succeeded");
    assertThat(files.files().get("gamma", gammaAncient.fileId())).isPresent();

    List<AuditEntry> audit = expiries("acme");
    assertThat(audit)
        .extracting(AuditEntry::target)
        .containsExactlyInAnyOrder("report:" + acmeOld.id(), "report:" + acmeFailed.id());
    AuditEntry old =
        audit.stream().filter(e -> e.target().endsWith(acmeOld.id())).findFirst().orElseThrow();
    assertThat(old.actor()).isEqualTo("vigil");
    assertThat(old.details())
        .containsEntry("fileId", acmeOld.fileId())
        .containsEntry("reportRetentionDays", 90L);
    assertThat(new AuditLog(db).verify("acme").valid()).isTrue();
    assertThat(expiries("gamma")).isEmpty();
  }

  @Test
  void aSecondRunChangesNothingAndAuditsNothing() throws Exception {
    Report old = succeeded("beta", "beta,old\n", 30);
    retention.apply(new RetentionRequest(50_000));

    ReportRetentionResult again = retention.apply(new RetentionRequest(50_000));

    assertThat(again.reportsExpired()).isZero();
    assertThat(reload("beta", old).status()).isEqualTo("expired");
    assertThat(expiries("beta")).hasSize(1);
  }

  @Test
  void contentAnotherFileSharesIsKept() throws Exception {
    String csv = "host,port\n10.0.0.5,3389\n";
    Report old = succeeded("beta", csv, 10);
    StoredFile upload = upload("beta", csv, "upload");
    assertThat(upload.sha256())
        .isEqualTo(files.files().get("beta", old.fileId()).orElseThrow().sha256());

    retention.apply(new RetentionRequest(50_000));

    assertThat(files.files().get("beta", old.fileId())).isEmpty();
    try (var in = files.open("beta", upload)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(csv);
    }
  }

  @Test
  void aReportWhoseFileWasDeletedByHandStillExpires() throws Exception {
    Report old = succeeded("beta", "deleted,by,admin\n", 9);
    files.delete("beta", old.fileId());

    ReportRetentionResult r = retention.apply(new RetentionRequest(50_000));

    TenantReports beta =
        r.tenants().stream().filter(t -> t.tenant().equals("beta")).findFirst().orElseThrow();
    assertThat(beta.reportsExpired()).isEqualTo(1);
    assertThat(beta.filesDeleted()).isZero();
    assertThat(reload("beta", old).status()).isEqualTo("expired");
  }

  @Test
  void manyReportsAreExpiredInChunks() throws Exception {
    for (int i = 0; i < 7; i++) {
      failed("beta", 8 + i);
    }
    ReportRetentionResult r = retention.apply(new RetentionRequest(3));
    assertThat(r.reportsExpired()).isEqualTo(7);
    assertThat(reports.list("beta", null, "failed", 50, null).items()).isEmpty();
    assertThatThrownBy(() -> new RetentionRequest(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
