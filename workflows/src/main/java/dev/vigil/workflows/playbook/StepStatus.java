package dev.vigil.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Status of one step. */
public enum StepStatus {
  PENDING,
  RUNNING,
  WAITING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED,
  UNDONE;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
