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

  /** One vote. */
  public record VoteRecord(String actor, String decision, String comment, Instant at) {}
}
