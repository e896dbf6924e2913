package dev.vigil.workflows.incident;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An incident's lifecycle: {@code new → acknowledged → in_progress → contained → resolved →
 * closed}. Work may skip ahead (a false positive is closed straight from {@code new}) but never
 * goes back, except by reopening a resolved or closed incident.
 */
public enum IncidentStatus {
  NEW,
  ACKNOWLEDGED,
  IN_PROGRESS,
  CONTAINED,
  RESOLVED,
  CLOSED;

  /** Reasons a resolved or closed incident carries. */
  public static final List<String> CLOSE_REASONS =
      List.of("true_positive", "false_positive", "benign", "duplicate", "other");

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IncidentStatus> of(String key) {
    for (IncidentStatus s : values()) {
      if (s.key().equals(key)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The statuses a person may move an incident to from this one, in lifecycle order. */
  public Set<IncidentStatus> allowedNext() {
    return switch (this) {
      case NEW -> EnumSet.of(ACKNOWLEDGED, IN_PROGRESS, CONTAINED, RESOLVED, CLOSED);
      case ACKNOWLEDGED -> EnumSet.of(IN_PROGRESS, CONTAINED, RESOLVED, CLOSED);
      case IN_PROGRESS -> EnumSet.of(CONTAINED, RESOLVED, CLOSED);
      case CONTAINED -> EnumSet.of(IN_PROGRESS, RESOLVED, CLOSED);
      case RESOLVED, CLOSED -> EnumSet.of(IN_PROGRESS, CLOSED); // in_progress = reopen
    };
  }

  /** Resolved and closed incidents need a reason. */
  public boolean needsReason() {
    return this == RESOLVED || this == CLOSED;
  }

  public boolean isDone() {
    return this == RESOLVED || this == CLOSED;
  }
}
