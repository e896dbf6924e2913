package dev.vigil.workflows.action;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Executes catalog actions. One activity type for every action; the step id and action name are in
 * the request and in the activity summary shown by Temporal UI.
 */
@ActivityInterface
public interface ActionActivities {

  /** The activity type name. */
  String EXECUTE = "ExecuteAction";

  /**
   * Runs {@code request.action()} with {@code request.with()}.
   *
   * <p>Retries follow the step's {@code retry} (or the action's default from the catalog), as set
   * by the workflow in the activity options; failure types listed by the catalog as non-retryable,
   * and {@code InvalidInput}, fail the step at once. A failure carries the attempt number as its
   * first detail so the run can report attempts.
   */
  @ActivityMethod(name = EXECUTE)
  ActionResult execute(ActionRequest request);
}
