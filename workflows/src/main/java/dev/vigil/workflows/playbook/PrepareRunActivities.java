package dev.vigil.workflows.playbook;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Run preparation for workflows that start playbooks themselves (incidents, schedules). */
@ActivityInterface
public interface PrepareRunActivities {

  /**
   * The start input of a run, prepared as the API prepares one: the playbook version looked up in
   * the tenant's store, its children pinned, its actions pinned from the catalog, the inputs
   * checked. An activity because it reads the store and today's catalog, which workflow code must
   * not; its result enters the caller's history, so a later deploy never changes the run. Failures
   * are not retried (type {@code InvalidRunInputs} or {@code InvalidDefinition}, naming the
   * problem); a database outage is retried as any activity.
   */
  @ActivityMethod(name = "PrepareRun")
  StartRunInput prepare(PrepareRunRequest request);
}
