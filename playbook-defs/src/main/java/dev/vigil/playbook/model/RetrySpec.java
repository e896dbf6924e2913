package dev.vigil.playbook.model;

import java.util.List;

/**
 * Retry policy of an action step; null fields fall back to the action's default.
 *
 * @param maxAttempts total attempts including the first (1 = no retry)
 * @param initialInterval duration text before the first retry
 * @param backoffCoefficient multiplier between retries
 * @param maximumInterval cap on the interval between retries
 * @param nonRetryable extra error types that must not be retried
 */
public record RetrySpec(
    Long maxAttempts,
    String initialInterval,
    Double backoffCoefficient,
    String maximumInterval,
    List<String> nonRetryable) {

  public RetrySpec {
    nonRetryable = nonRetryable == null ? List.of() : List.copyOf(nonRetryable);
  }
}
