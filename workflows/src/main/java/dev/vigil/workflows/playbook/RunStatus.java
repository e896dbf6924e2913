package dev.vigil.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Status of a playbook run. */
public enum RunStatus {
  RUNNING,
  WAITING_APPROVAL,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  ROLLED_BACK,
  /** Known to the system of record but lost by an in-memory Temporal service. */
  INTERRUPTED;

  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
