package dev.vigil.activities.report;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.notify.Channel;
import dev.vigil.activities.notify.EmailChannel;
import dev.vigil.activities.system.ActionException;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.file.FileStore;
import dev.vigil.store.report.ReportRepository;
import dev.vigil.workflows.report.ReportActivities;
import dev.vigil.workflows.report.ReportRequest;
import dev.vigil.workflows.report.ReportResult;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
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
  private final ConnectionResolver connections;
  private final EmailChannel email = new EmailChannel();

  public ReportActivitiesImpl(
      DataSource dataSource, FileStore files, ConnectionResolver connections, Clock clock) {
    this.reports = new ReportRepository(dataSource);
    this.builders = new ReportBuilders(dataSource);
    this.files = files;
    this.connections = connections;
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

  /** The largest report attached to an e-mail; a larger one is linked to instead. */
  static final long MAX_ATTACHMENT = 20L << 20;

  @Override
  public void deliver(ReportRequest r, ReportResult result) {
    ReportRequest.Delivery d = r.delivery();
    var report = reports.get(r.tenant(), r.reportId()).orElseThrow();
    if (report.deliveredAt() != null) {
      return; // a retry after the e-mail went
    }
    StoredFile f =
        files
            .files()
            .get(r.tenant(), result.fileId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "the report's file is gone", "ReportNotDelivered"));
    String title = TITLES.getOrDefault(r.type(), r.type());
    String period = ReportBuilders.period(Instant.parse(r.params().get("from")), to(r));
    String text = mailText(title, period, report.schedule(), f);
    try {
      ResolvedConnection c = connections.resolve(r.tenant(), d.connection(), "smtp");
      EmailChannel.Attachment attachment = null;
      if (attached(f)) {
        try (InputStream in = files.open(r.tenant(), f)) {
          attachment = new EmailChannel.Attachment(f.name(), f.contentType(), in.readAllBytes());
        }
      }
      email.send(
          c,
          EmailChannel.recipients(c, String.join(",", d.to())),
          "[Vigil] " + title + ", " + period,
          text,
          null,
          attachment);
    } catch (ActionException e) {
      if (e.type().equals(Channel.UNAVAILABLE)) {
        throw e; // retried
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "ReportNotDelivered");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reports.delivered(r.tenant(), r.reportId(), d.to());
  }

  /** Whether the file goes with the e-mail (else it is named, for Downloads). */
  static boolean attached(StoredFile f) {
    return f.size() <= MAX_ATTACHMENT;
  }

  /** The e-mail's text: what the report covers and whether it is attached or where it is. */
  static String mailText(String title, String period, String schedule, StoredFile f) {
    return title
        + " for "
        + period
        + (schedule == null ? "" : ", sent by schedule " + schedule)
        + ".\n\n"
        + (attached(f)
            ? "The report is attached (" + f.name() + ", " + f.size() + " bytes)."
            : "The report is too large to attach; it is in Vigil's Downloads as "
                + f.name()
                + " (file "
                + f.id()
                + ").")
        + "\n";
  }

  private Instant to(ReportRequest r) {
    String to = r.params().get("to");
    return to == null ? clock.instant() : Instant.parse(to);
  }

  private static final Map<String, String> TITLES =
      Map.of("executive_summary", "Executive summary", "audit", "Audit report");

  @Override
  public void undelivered(String tenant, String reportId, String error) {
    reports.undelivered(tenant, reportId, error);
  }

  @Override
  public void fail(String tenant, String reportId, String error) {
    reports.fail(tenant, reportId, error);
  }
}
