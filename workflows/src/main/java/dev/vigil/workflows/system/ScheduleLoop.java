package dev.vigil.workflows.system;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * The body of a schedule workflow (Temporal's Schedules are not in the embedded service, so a
 * schedule is a workflow that sleeps and continues as new): it sleeps until the next run time,
 * launches that run — something that runs as a workflow of its own, not a child — and continues as
 * new. Asleep through several run times (Vigil was down), it runs once, for the latest of them.
 * Paused, it runs nothing until resumed (the runs it slept through are not made up). Asked to run
 * now, it launches a run for the present moment and keeps its own run times. A schedule workflow's
 * implementation extends this and its {@code run} calls {@link #loop}; its interface's {@code
 * pause}, {@code resume}, {@code stop} (and {@code runNow}) signals are these methods.
 *
 * @param <S> the schedule, the workflow's first argument
 */
public abstract class ScheduleLoop<S> {

  private boolean paused;
  private boolean stopped;
  private boolean runNow;

  /** When {@code s} runs. */
  protected abstract ScheduleTiming timing(S s);

  /** Records the next run time on the schedule's row (null: none, or paused). */
  protected abstract void recordNext(S s, Instant next, boolean paused);

  /** Launches the run due at {@code due} (an activity: idempotent per run time). */
  protected abstract void launch(S s, Instant due);

  /**
   * Runs the schedule from {@code lastRunMillis} (the run time handled last); continues as new with
   * {@code (s, due, false)} after each run.
   */
  protected final void loop(S s, long lastRunMillis, boolean startPaused) {
    paused = startPaused;
    ScheduleTiming timing = timing(s);
    Instant last = Instant.ofEpochMilli(lastRunMillis);
    while (true) {
      if (paused) {
        recordNext(s, null, true);
        Workflow.await(() -> !paused || stopped || runNow);
        if (stopped) {
          return;
        }
        if (runNow) {
          ranNow(s);
          continue;
        }
        // resumed: what was missed while paused is not made up
        last = now();
        continue;
      }
      Instant next = timing.nextAfter(last);
      recordNext(s, next, false);
      if (next == null) {
        Workflow.await(() -> stopped);
        return;
      }
      Duration wait = Duration.between(now(), next);
      boolean woken =
          Workflow.await(
              wait.isNegative() ? Duration.ZERO : wait, () -> stopped || paused || runNow);
      if (stopped) {
        return;
      }
      if (runNow) {
        ranNow(s);
        continue; // the schedule's own run times stay as they were
      }
      if (woken) {
        continue; // paused
      }
      Instant due = timing.latestDue(last, now());
      if (due == null) {
        continue; // woke a moment early
      }
      launch(s, due);
      Workflow.continueAsNew(s, due.toEpochMilli(), false);
    }
  }

  private void ranNow(S s) {
    runNow = false;
    launch(s, now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
  }

  /** Runs once now, outside the schedule's own times (paused or not). */
  public void runNow() {
    runNow = true;
  }

  public void stop() {
    stopped = true;
  }
}
