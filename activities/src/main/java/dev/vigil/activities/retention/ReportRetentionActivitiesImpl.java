package dev.vigil.activities.retention;

import dev.vigil.store.file.FileStore;
import dev.vigil.store.report.ReportRetention;
import dev.vigil.workflows.retention.ReportRetentionActivities;
import dev.vigil.workflows.retention.ReportRetentionResult;
import dev.vigil.workflows.retention.ReportRetentionResult.TenantReports;
import dev.vigil.workflows.retention.RetentionRequest;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Expires every tenant's finished reports past its report retention (see {@link
 * ReportRetentionActivities#apply}). The file goes first and the report is marked afterwards, so a
 * report is never shown expired while its file is still downloadable, and a crash in between leaves
 * a report whose missing file the retry skips.
 */
public class ReportRetentionActivitiesImpl implements ReportRetentionActivities {

  private static final Logger log = LoggerFactory.getLogger(ReportRetentionActivitiesImpl.class);

  /** Reports handled between heartbeats; each is a file deletion and a short transaction. */
  static final int MAX_CHUNK = 500;

  private final ReportRetention store;
  private final FileStore files;
  private final Clock clock;

  public ReportRetentionActivitiesImpl(DataSource dataSource, FileStore files) {
    this(dataSource, files, Clock.systemUTC());
  }

  public ReportRetentionActivitiesImpl(DataSource dataSource, FileStore files, Clock clock) {
    this.store = new ReportRetention(dataSource);
    this.files = files;
    this.clock = clock;
  }

  @Override
  public ReportRetentionResult apply(RetentionRequest request) {
    Instant now = clock.instant();
    int chunk = Math.min(MAX_CHUNK, request.chunkRows());
    List<TenantReports> tenants = new ArrayList<>();
    for (ReportRetention.Setting s : store.settings()) {
      tenants.add(tenant(s, now.minus(Duration.ofDays(s.reportRetentionDays())), chunk));
    }
    ReportRetentionResult result = new ReportRetentionResult(tenants);
    log.info(
        "report retention applied: {} reports expired in {} tenants",
        result.reportsExpired(),
        tenants.size());
    return result;
  }

  private TenantReports tenant(ReportRetention.Setting s, Instant horizon, int chunk) {
    MDC.put("tenant", s.tenant());
    try {
      long expired = 0;
      long deleted = 0;
      List<ReportRetention.Expiring> batch;
      do {
        batch = store.expiring(s.tenant(), horizon, chunk);
        for (ReportRetention.Expiring r : batch) {
          if (r.fileId() != null && files.delete(s.tenant(), r.fileId()).isPresent()) {
            deleted++;
          }
          if (store.expire(s.tenant(), r, s.reportRetentionDays())) {
            expired++;
          }
        }
        Activity.getExecutionContext().heartbeat(s.tenant() + ": " + expired + " reports expired");
      } while (batch.size() == chunk);
      if (expired > 0) {
        log.info(
            "report retention of {} days: {} reports before {} expired, {} files deleted",
            s.reportRetentionDays(),
            expired,
            horizon,
            deleted);
      }
      return new TenantReports(
          s.tenant(), s.reportRetentionDays(), horizon.toString(), expired, deleted);
    } finally {
      MDC.remove("tenant");
    }
  }
}
