package dev.vigil.activities.report;

import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.file.FileStore;
import dev.vigil.store.report.ReportRepository;
import dev.vigil.workflows.report.ReportActivities;
import dev.vigil.workflows.report.ReportRequest;
import dev.vigil.workflows.report.ReportResult;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** See {@link ReportActivities}. */
public class ReportActivitiesImpl implements ReportActivities {

  /** The permission a reader of each report type needs besides {@code file.read}. */
  static final Map<String, String> READ_PERMISSION =
      Map.of(
          "scan", "scan.read",
          "incident", "incident.read",
          "executive_summary", "incident.read",
          "audit", "audit.read");

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

  private final ReportRepository reports;
  private final ReportBuilders builders;
  private final FileStore files;
  private final Clock clock;

  public ReportActivitiesImpl(DataSource dataSource, FileStore files, Clock clock) {
    this.reports = new ReportRepository(dataSource);
    this.builders = new ReportBuilders(dataSource);
    this.files = files;
    this.clock = clock;
  }

  @Override
  public void start(String tenant, String reportId) {
    reports.start(tenant, reportId);
  }

  @Override
  public ReportResult generate(ReportRequest r) {
    var existing = reports.get(r.tenant(), r.reportId()).orElseThrow();
    if (existing.status().equals("succeeded")) {
      return new ReportResult(
          existing.fileId(),
          existing.size() == null ? 0 : existing.size(),
          existing.pages() == null ? 0 : existing.pages());
    }
    ReportDocument doc;
    try {
      doc = builders.build(r.tenant(), r.type(), r.params(), clock.instant());
    } catch (ReportBuilders.NotBuildable
        | IllegalArgumentException
        | java.time.DateTimeException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "ReportNotBuildable");
    }
    ReportFormats.Rendered out =
        ReportFormats.render(
            doc, r.format(), r.type().replace('_', '-') + "-" + STAMP.format(doc.generatedAt()));
    StoredFile f;
    try {
      f =
          files.store(
              r.tenant(),
              out.name(),
              new ByteArrayInputStream(out.bytes()),
              List.of("report", r.type().replace('_', '-')),
              r.requestedBy(),
              "report",
              READ_PERMISSION.get(r.type()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reports.succeed(r.tenant(), r.reportId(), f.id(), f.size(), out.pages());
    return new ReportResult(f.id(), f.size(), out.pages());
  }

  @Override
  public void fail(String tenant, String reportId, String error) {
    reports.fail(tenant, reportId, error);
  }
}
