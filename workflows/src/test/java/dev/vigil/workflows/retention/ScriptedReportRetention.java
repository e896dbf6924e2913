package dev.vigil.workflows.retention;

import java.util.List;

/** Report-retention activities that record when they ran and fail the attempts they are told to. */
final class ScriptedReportRetention extends ScriptedAttempts implements ReportRetentionActivities {

  @Override
  public ReportRetentionResult apply(RetentionRequest request) {
    attempt("file store unavailable", "FileStoreUnavailable");
    return new ReportRetentionResult(
        List.of(new ReportRetentionResult.TenantReports("acme", 90, "2026-01-01T00:00:00Z", 3, 2)));
  }
}
