package dev.vigil.workflows.retention;

import java.util.List;

/** Event-retention activities that record when they ran and fail the attempts they are told to. */
final class ScriptedRetention extends ScriptedAttempts implements RetentionActivities {

  @Override
  public RetentionResult apply(RetentionRequest request) {
    attempt("database unavailable", "DatabaseUnavailable");
    return new RetentionResult(
        List.of(
            new RetentionResult.TenantRetention(
                "acme", 30, "2026-01-01T00:00:00Z", request.chunkRows(), 1)),
        List.of("events_p20251130"));
  }
}
