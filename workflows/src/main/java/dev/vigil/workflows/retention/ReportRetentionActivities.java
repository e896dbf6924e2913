package dev.vigil.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Enforces each tenant's report retention ({@code tenant_settings.report_retention_days}). */
@ActivityInterface
public interface ReportRetentionActivities {

  /**
   * Expires every tenant's finished reports (succeeded or failed) that ended more than its report
   * retention ago (default 90 days; a tenant with 0 keeps them), measured from the activity's
   * clock: each report's file is deleted from the file store (its content too, unless another of
   * the tenant's files has the same content), then the report is marked {@code expired} with a
   * {@code report.expire} audit record in the same transaction. The report row stays, so the
   * reports section still shows what was made and when. Heartbeats between chunks of {@code
   * chunkRows} (at most 500) reports.
   *
   * <p>Idempotent: a file already gone is skipped and a report already expired is not expired (or
   * audited) again, so a retry resumes where the failed attempt stopped.
   */
  @ActivityMethod(name = "ApplyReportRetention")
  ReportRetentionResult apply(RetentionRequest request);
}
