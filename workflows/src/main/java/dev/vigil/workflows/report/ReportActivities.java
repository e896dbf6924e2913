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

  /**
   * E-mails the generated report as an attachment to {@code request}'s delivery through its {@code
   * smtp} connection and records on the report whom it went to. Failure type {@code
   * ReportNotDelivered} (no such connection, a refused login or address) is not retried; a server
   * that does not answer is.
   */
  @ActivityMethod(name = "ReportDeliver")
  void deliver(ReportRequest request, ReportResult result);

  /** Records on the report that it was generated but could not be e-mailed, with why. */
  @ActivityMethod(name = "ReportUndelivered")
  void undelivered(String tenant, String reportId, String error);

  /** Marks the report failed, with why. */
  @ActivityMethod(name = "ReportFail")
  void fail(String tenant, String reportId, String error);
}
