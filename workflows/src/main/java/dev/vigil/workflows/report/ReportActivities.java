package dev.vigil.workflows.report;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link ReportWorkflow} asks of the worker. Every method is safe to retry. */
@ActivityInterface
public interface ReportActivities {

  /** Marks the report running. */
  @ActivityMethod(name = "ReportStart")
  void start(String tenant, String reportId);

  /**
   * Reads the report's data from the store, draws it in its format (PDF with PDFBox, RFC 4180 CSV
   * with formulas neutralised, JSON) and stores it in the file store as a {@code report} file —
   * readable with the permission the report type needs — then marks the report succeeded with the
   * file. A retry after the file was stored finds the report done and returns its file. Failure
   * type {@code ReportNotBuildable} (no such scan or incident, a bad period) is not retried;
   * anything else is.
   */
  @ActivityMethod(name = "ReportGenerate")
  ReportResult generate(ReportRequest request);

  /** Marks the report failed, with why. */
  @ActivityMethod(name = "ReportFail")
  void fail(String tenant, String reportId, String error);
}
