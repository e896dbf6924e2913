package dev.vigil.workflows.report;

import java.util.List;
import java.util.Map;

/**
 * A report to generate, as the API checked it.
 *
 * @param type {@code scan}, {@code incident}, {@code executive_summary} or {@code audit}
 * @param params the type's parameters ({@code scanId}; {@code incidentId}; {@code from}, {@code to}
 *     as ISO instants)
 * @param format {@code pdf}, {@code csv} or {@code json}
 * @param delivery whom to e-mail the report to once generated, or null
 */
public record ReportRequest(
    String tenant,
    String reportId,
    String type,
    Map<String, String> params,
    String format,
    String requestedBy,
    Delivery delivery) {

  /** E-mail through the tenant's {@code smtp} connection {@code connection} to {@code to}. */
  public record Delivery(String connection, List<String> to) {
    public Delivery {
      to = to == null ? List.of() : List.copyOf(to);
    }
  }

  public ReportRequest {
    params = params == null ? Map.of() : Map.copyOf(params);
  }

  /** A report asked for in person: kept, not e-mailed. */
  public ReportRequest(
      String tenant,
      String reportId,
      String type,
      Map<String, String> params,
      String format,
      String requestedBy) {
    this(tenant, reportId, type, params, format, requestedBy, null);
  }
}
