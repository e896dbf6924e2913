package dev.vigil.api.system;

import dev.vigil.playbook.model.Durations;
import dev.vigil.workflows.system.ScheduleTiming;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What scan and report schedule requests share: their timing members ({@code cron} + {@code
 * timezone}, or {@code every}) and signalling a schedule's workflow.
 */
public final class ScheduleRequests {

  private ScheduleRequests() {}

  /**
   * Checks them, adding an error with a pointer for each bad one; the interval in seconds (0 for a
   * cron).
   *
   * @param example a cron to show in the hint, e.g. {@code 0 0 2 * * MON-FRI}
   */
  public static long check(
      String cron,
      String every,
      String timezone,
      String example,
      List<ApiException.FieldError> errors) {
    long seconds = 0;
    if (every != null) {
      Optional<Duration> d = Durations.parse(every);
      if (d.isEmpty()) {
        errors.add(new ApiException.FieldError("/every", "must be a duration", Durations.HINT));
        return 0;
      }
      seconds = d.get().toSeconds();
    }
    String timing = ScheduleTiming.problem(cron, seconds, timezone);
    if (timing != null) {
      errors.add(
          new ApiException.FieldError(
              timing.contains("timezone") ? "/timezone" : cron != null ? "/cron" : "/every",
              timing,
              "cron has six fields, seconds first: " + example));
    }
    return seconds;
  }

  /**
   * Sends {@code signal} to the schedule workflow {@code workflowId}; false when it is not running
   * (the embedded Temporal restarted: the row is what remains).
   */
  public static boolean signal(WorkflowClient temporal, String workflowId, String signal) {
    try {
      temporal.newUntypedWorkflowStub(workflowId).signal(signal);
      return true;
    } catch (WorkflowNotFoundException gone) {
      return false;
    }
  }
}
