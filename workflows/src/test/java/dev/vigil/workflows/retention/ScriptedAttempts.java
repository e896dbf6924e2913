package dev.vigil.workflows.retention;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Scripted activities that record when they ran and fail the attempts they are told to. */
abstract class ScriptedAttempts {

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

  /** Records an attempt; throws {@code failure} while attempts are still to fail. */
  void attempt(String message, String failure) {
    long now = clock.getAsLong();
    attempts.add(now);
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApplicationFailure.newFailure(message, failure);
    }
    runs.add(now);
  }
}
