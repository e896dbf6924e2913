package dev.vigil.workflows.retention;

import java.time.Duration;

/**
 * The input of one execution of {@link RetentionWorkflow}; each continue-as-new carries the next
 * one, so it stays this small.
 *
 * @param delay how long this execution sleeps before it applies retention (the first execution's
 *     start-up delay; {@code interval} afterwards)
 * @param interval time from the end of one run to the start of the next
 * @param chunkRows events deleted per statement (one short transaction each)
 */
public record RetentionInput(Duration delay, Duration interval, int chunkRows) {

  /** Production cadence: first run ten minutes after installation, then daily. */
  public static final RetentionInput DAILY =
      new RetentionInput(Duration.ofMinutes(10), Duration.ofDays(1), 50_000);

  public RetentionInput {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, not " + delay);
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, not " + interval);
    }
    if (chunkRows <= 0) {
      throw new IllegalArgumentException("chunkRows must be positive, not " + chunkRows);
    }
  }

  /** The input of the execution after this one's run: it waits one interval. */
  public RetentionInput next() {
    return new RetentionInput(interval, interval, chunkRows);
  }
}
