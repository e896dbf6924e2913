package dev.vigil.workflows.projection;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Keeps the PostgreSQL projection of runs in step with the run workflows. */
@ActivityInterface
public interface RunProjectionActivities {

  /**
   * Writes one run transition (run started, steps ended, approval opened/decided, vote, run ended).
   * Called as a local activity, in order, at each transition; idempotent (sequence-guarded upserts,
   * one vote per actor) so retries and replays never duplicate or reorder anything. Retried with
   * backoff without limit: a run never loses a transition while the database is down, it waits.
   */
  @ActivityMethod(name = "ProjectRunEvent")
  void apply(RunEvent event);
}
