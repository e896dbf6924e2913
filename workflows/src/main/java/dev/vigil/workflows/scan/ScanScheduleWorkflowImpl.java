package dev.vigil.workflows.scan;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/** Sleeps until the next run time, starts that run's scan, continues as new. */
public class ScanScheduleWorkflowImpl implements ScanScheduleWorkflow {

  private final ScanScheduleActivities activities =
      Workflow.newActivityStub(
          ScanScheduleActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

  private boolean paused;
  private boolean stopped;

  @Override
  public void run(ScanSchedule s, long lastRunMillis, boolean startPaused) {
    paused = startPaused;
    Instant last = Instant.ofEpochMilli(lastRunMillis);
    while (true) {
      if (paused) {
        activities.next(s.tenant(), s.name(), null, true);
        Workflow.await(() -> !paused || stopped);
        if (stopped) {
          return;
        }
        // resumed: what was missed while paused is not made up
        last = now();
        continue;
      }
      Instant next = s.nextAfter(last);
      activities.next(s.tenant(), s.name(), next == null ? null : next.toString(), false);
      if (next == null) {
        Workflow.await(() -> stopped);
        return;
      }
      Duration wait = Duration.between(now(), next);
      boolean woken =
          Workflow.await(wait.isNegative() ? Duration.ZERO : wait, () -> stopped || paused);
      if (stopped) {
        return;
      }
      if (woken) {
        continue; // paused
      }
      Instant due = s.latestDue(last, now());
      if (due == null) {
        continue; // woke a moment early
      }
      activities.launch(s, due.toString()); // the scan is a workflow of its own
      Workflow.continueAsNew(s, due.toEpochMilli(), false);
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void stop() {
    stopped = true;
  }
}
