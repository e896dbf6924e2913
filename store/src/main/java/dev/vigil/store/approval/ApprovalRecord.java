package dev.vigil.store.approval;

import java.time.Instant;
import java.util.List;

/** An approval with its votes, as the inbox shows it. */
public record ApprovalRecord(
    String tenant,
    String runId,
    String stepId,
    String playbookKey,
    String prompt,
    List<String> roles,
    List<String> users,
    int quorum,
    String status,
    Instant openedAt,
    Instant dueAt,
    Instant decidedAt,
    List<VoteRecord> votes) {

  public static final String PENDING = "pending";

  /** Closed because its run was interrupted (the embedded Temporal service forgot it). */
  public static final String INTERRUPTED = "interrupted";

  /**
   * Every status an approval can have: the workflow's outcomes (approved, rejected, timed_out,
   * cancelled) and the store's own.
   */
  public static final java.util.Set<String> STATUSES =
      java.util.Set.of(PENDING, "approved", "rejected", "timed_out", "cancelled", INTERRUPTED);

  /** One vote. */
  public record VoteRecord(String actor, String decision, String comment, Instant at) {}
}
