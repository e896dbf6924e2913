package dev.vigil.workflows.retention;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Retention activities that record when they ran and fail the attempts they are told to. */
final class ScriptedRetention implements RetentionActivities {

  /** Attempts (failed ones included), as the test environment's time in millis. */
  final List<Long> attempts = new CopyOnWriteArrayList<>();

  /** Attempts that succeeded, as the test environment's time in millis. */
  final List<Long> runs = new CopyOnWriteArrayList<>();

  final AtomicInteger failNext = new AtomicInteger();
  volatile LongSupplier clock = System::currentTimeMillis;

  void reset(LongSupplier clock) {
    attempts.clear();
    runs.clear();
    failNext.set(0);
    this.clock = clock;
  }

  @Override
  public RetentionResult apply(RetentionRequest request) {
    long now = clock.getAsLong();
    attempts.add(now);
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApplicationFailure.newFailure("database unavailable", "DatabaseUnavailable");
    }
    runs.add(now);
    return new RetentionResult(
        List.of(
            new RetentionResult.TenantRetention(
                "acme", 30, "2026-01-01T00:00:00Z", request.chunkRows(), 1)),
        List.of("events_p20251130"));
  }
}
