package dev.vigil.store.run;

import java.time.Instant;
import java.util.Map;

/** A run as the system of record holds it. Status values are the run statuses of the API. */
public record RunRecord(
    String tenant,
    String runId,
    String workflowId,
    String playbookKey,
    int playbookVersion,
    String status,
    String mode,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    Map<String, Object> error,
    String startedBy,
    Instant startedAt,
    Instant endedAt) {

  public static final String RUNNING = "running";
  public static final String WAITING_APPROVAL = "waiting_approval";
  public static final String FAILED = "failed";
  public static final String INTERRUPTED = "interrupted";

  /**
   * The sequence number of a status written outside the run (a start that never happened, an
   * interruption): higher than any the run can send, so nothing the run writes later overrides it.
   */
  public static final long FENCE = Long.MAX_VALUE;

  public boolean isOpen() {
    return RUNNING.equals(status) || WAITING_APPROVAL.equals(status);
  }
}
