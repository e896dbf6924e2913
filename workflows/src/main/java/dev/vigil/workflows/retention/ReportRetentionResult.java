package dev.vigil.workflows.retention;

import java.util.List;

/**
 * What one report-retention run expired.
 *
 * @param tenants one entry per tenant whose reports expire (retention above zero), in tenant order
 */
public record ReportRetentionResult(List<TenantReports> tenants) {

  public ReportRetentionResult {
    tenants = List.copyOf(tenants);
  }

  /**
   * @param reportRetentionDays the tenant's setting
   * @param horizon reports that ended before this instant (ISO-8601) were expired
   * @param reportsExpired reports marked expired by this run
   * @param filesDeleted report files deleted from the file store by this run
   */
  public record TenantReports(
      String tenant,
      int reportRetentionDays,
      String horizon,
      long reportsExpired,
      long filesDeleted) {}

  public long reportsExpired() {
    return tenants.stream().mapToLong(TenantReports::reportsExpired).sum();
  }
}
