package dev.vigil.playbook.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One catalog entry.
 *
 * @param name {@code namespace.name}
 * @param title short title
 * @param description what it does
 * @param sideEffect read, write or destructive
 * @param timeout default start-to-close timeout (duration text)
 * @param retry default retry policy
 * @param nonRetryableErrors failure types the implementation raises that must not be retried
 * @param undoHint how to compensate this action, or null
 * @param input JSON Schema of {@code with}
 * @param output JSON Schema of the output
 */
public record ActionDefinition(
    String name,
    String title,
    String description,
    SideEffect sideEffect,
    String timeout,
    DefaultRetry retry,
    List<String> nonRetryableErrors,
    String undoHint,
    JsonNode input,
    JsonNode output) {

  public ActionDefinition {
    nonRetryableErrors = List.copyOf(nonRetryableErrors);
  }

  /** True when a dry run must not execute this action. */
  public boolean hasSideEffects() {
    return sideEffect != SideEffect.READ;
  }

  public record DefaultRetry(
      long maxAttempts, String initialInterval, double backoffCoefficient, String maximumInterval) {}
}
