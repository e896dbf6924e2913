package dev.vigil.store.incident;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One incident as stored: what the workflow projects, plus the counts the store derives from its
 * alerts. Durations are milliseconds of active (unpaused) time.
 */
public record IncidentRow(
    String tenant,
    String id,
    String workflowId,
    long seq,
    String title,
    String description,
    String status,
    String severity,
    String assignee,
    List<Map<String, Object>> entities,
    List<String> tags,
    String openedBy,
    Instant openedAt,
    Instant updatedAt,
    String correlationKey,
    Instant acknowledgeBy,
    Instant containBy,
    Instant resolveBy,
    boolean slaPaused,
    boolean breached,
    int breaches,
    int warnings,
    String closeReason,
    String mergedInto,
    Long timeToAcknowledge,
    Long timeToContain,
    Long timeToResolve,
    Long handlingTime,
    Map<String, Object> policyVersions,
    long alertCount,
    long eventCount) {

  public static final List<String> STATUSES =
      List.of("new", "acknowledged", "in_progress", "contained", "resolved", "closed");

  public boolean isOpen() {
    return !"resolved".equals(status) && !"closed".equals(status);
  }
}
