package dev.vigil.workflows.retention;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Enforces each tenant's event retention ({@code tenant_settings.retention_days}). */
@ActivityInterface
public interface RetentionActivities {

  /**
   * Removes every tenant's events older than its retention (default 30 days), measured by event
   * time from the activity's clock: first the whole daily partitions that even the longest
   * retention has passed are dropped, then each tenant's remaining older events are deleted in its
   * own row-level-secured transactions of at most {@code chunkRows} rows, heartbeating between
   * chunks, then its ingest batch records whose events are gone — never a batch after the detection
   * consumer's cursor.
   *
   * <p>An activity because it is database work the workflow must not do. Every step deletes by a
   * predicate, so it is idempotent: a retry (the workflow's retry policy, with backoff, after a
   * failure or a missed heartbeat) resumes where the failed attempt stopped and changes nothing
   * that attempt already removed.
   */
  @ActivityMethod(name = "ApplyEventRetention")
  RetentionResult apply(RetentionRequest request);
}
