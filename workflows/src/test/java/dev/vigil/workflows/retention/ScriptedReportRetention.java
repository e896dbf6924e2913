package dev.vigil.workflows.retention;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Report-retention activities that record when they ran and fail the attempts they are told to. */
final class ScriptedReportRetention implements ReportRetentionActivities {

  final List<Long> attempts = new CopyOnWriteArrayList<>();
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
  public ReportRetentionResult apply(RetentionRequest request) {
    long now = clock.getAsLong();
    attempts.add(now);
    if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw ApplicationFailure.newFailure("file store unavailable", "FileStoreUnavailable");
    }
    runs.add(now);
    return new ReportRetentionResult(
        List.of(new ReportRetentionResult.TenantReports("acme", 90, "2026-01-01T00:00:00Z", 3, 2)));
  }
}
