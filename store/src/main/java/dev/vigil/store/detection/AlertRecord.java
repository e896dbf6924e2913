package dev.vigil.store.detection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One stored alert (DESIGN §6.3) with its analyst status and feedback. */
public record AlertRecord(
    String id,
    String ruleKey,
    int ruleVersion,
    String title,
    String severity,
    String status,
    String entityKind,
    String entityValue,
    Map<String, Object> group,
    Instant firstSeen,
    Instant lastSeen,
    long eventCount,
    List<String> evidence,
    List<String> mitre,
    String incidentId,
    String verdict,
    String feedbackComment,
    String feedbackBy,
    Instant feedbackAt,
    String statusBy,
    Instant statusAt,
    Instant createdAt) {

  public static final List<String> STATUSES = List.of("open", "acknowledged", "closed");
  public static final List<String> VERDICTS = List.of("true_positive", "false_positive", "benign");
  public static final List<String> SEVERITIES =
      List.of("info", "low", "medium", "high", "critical");
}
