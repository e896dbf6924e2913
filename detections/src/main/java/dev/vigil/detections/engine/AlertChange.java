package dev.vigil.detections.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the engine tells the alert store: an alert opened, or a repeat folded into one. */
public sealed interface AlertChange {

  String alertId();

  /**
   * A group fired.
   *
   * @param alertId deterministic (rule, version, group, first evidence event), so replaying the
   *     same events after a crash yields the same id
   * @param eventIds the evidence, in event-time order (at most {@link DetectionEngine#EVIDENCE})
   * @param eventCount how many events made it fire
   */
  record Opened(
      String alertId,
      String ruleKey,
      int ruleVersion,
      String title,
      String severity,
      List<String> mitre,
      String entityKind,
      String entityValue,
      Map<String, Object> group,
      Instant firstSeen,
      Instant lastSeen,
      List<String> eventIds,
      long eventCount)
      implements AlertChange {}

  /** A further match for a group whose alert is still open. */
  record Folded(String alertId, Instant time, String eventId) implements AlertChange {}
}
