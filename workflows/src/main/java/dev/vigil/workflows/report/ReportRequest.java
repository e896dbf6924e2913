package dev.vigil.workflows.report;

import java.util.Map;

/**
 * A report to generate, as the API checked it.
 *
 * @param type {@code scan}, {@code incident}, {@code executive_summary} or {@code audit}
 * @param params the type's parameters ({@code scanId}; {@code incidentId}; {@code from}, {@code to}
 *     as ISO instants)
 * @param format {@code pdf}, {@code csv} or {@code json}
 */
public record ReportRequest(
    String tenant,
    String reportId,
    String type,
    Map<String, String> params,
    String format,
    String requestedBy) {

  public ReportRequest {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
