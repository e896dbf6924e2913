package dev.vigil.workflows.retention;

import java.util.List;

/**
 * What one retention run removed.
 *
 * @param tenants one entry per tenant, in tenant order
 * @param partitionsDropped the daily partitions of {@code events} dropped (every tenant's horizon
 *     had passed them), by name, oldest first
 */
public record RetentionResult(List<TenantRetention> tenants, List<String> partitionsDropped) {

  public RetentionResult {
    tenants = List.copyOf(tenants);
    partitionsDropped = List.copyOf(partitionsDropped);
  }

  /**
   * @param retentionDays the tenant's setting (30 when it never set one)
   * @param horizon events with a time before this instant (ISO-8601) were removed
   * @param eventsDeleted rows deleted one by one (events in dropped partitions are not counted)
   * @param batchesDeleted ingest batch records deleted
   */
  public record TenantRetention(
      String tenant, int retentionDays, String horizon, long eventsDeleted, long batchesDeleted) {}

  public long eventsDeleted() {
    return tenants.stream().mapToLong(TenantRetention::eventsDeleted).sum();
  }
}
