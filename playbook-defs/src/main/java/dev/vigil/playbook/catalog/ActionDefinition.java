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
 * @param readWhen calls whose input matches this rule are reads whatever {@code sideEffect} says,
 *     or null
 * @param timeout default start-to-close timeout (duration text)
 * @param heartbeatTimeout how long an attempt may go without a heartbeat before it counts as lost
 *     (duration text), or null: long actions heartbeat, so a lost worker is noticed early and a
 *     cancelled run reaches the activity
 * @param taskQueue the task queue its activity runs on, or null for the run's own
 * @param ratePerSecond at most this many calls a second across all workers (the rate limit of its
 *     task queue, which it must then have), or null
 * @param retry default retry policy
 * @param nonRetryableErrors failure types the implementation raises that must not be retried
 * @param undoHint how to compensate this action, or null
 * @param connection the connection it calls through ({@code with.connection}), or null
 * @param input JSON Schema of {@code with}
 * @param output JSON Schema of the output
 */
public record ActionDefinition(
    String name,
    String title,
    String description,
    SideEffect sideEffect,
    ReadWhen readWhen,
    String timeout,
    String heartbeatTimeout,
    String taskQueue,
    Double ratePerSecond,
    DefaultRetry retry,
    List<String> nonRetryableErrors,
    String undoHint,
    ConnectionUse connection,
    JsonNode input,
    JsonNode output) {

  public ActionDefinition {
    nonRetryableErrors = List.copyOf(nonRetryableErrors);
  }

  /**
   * This entry as a run pins it into its input: what the interpreter needs (side effect, timeout,
   * retry), without the descriptions and schemas.
   */
  public ActionDefinition pinned() {
    return new ActionDefinition(
        name,
        title,
        null,
        sideEffect,
        readWhen,
        timeout,
        heartbeatTimeout,
        taskQueue,
        ratePerSecond,
        retry,
        nonRetryableErrors,
        null,
        null,
        null,
        null);
  }

  /** The side effect of one call with these (resolved) arguments. */
  public SideEffect sideEffectOf(java.util.Map<String, Object> with) {
    if (readWhen != null) {
      Object v = with == null ? null : with.get(readWhen.field());
      String value = v == null ? readWhen.defaultValue() : String.valueOf(v);
      if (readWhen.values().contains(value)) {
        return SideEffect.READ;
      }
    }
    return sideEffect;
  }

  /** An input field whose values make a call read-only, e.g. http.request with method GET. */
  public record ReadWhen(String field, String defaultValue, List<String> values) {}

  public record DefaultRetry(
      long maxAttempts,
      String initialInterval,
      double backoffCoefficient,
      String maximumInterval) {}

  /**
   * How an action uses a connection: {@code with.connection} names a connection of {@code
   * provider}. When {@code fanOut} is set, that list field of {@code with} is how many targets one
   * call reaches, and a call that may reach more than the connection's {@code limitSetting} (its
   * blast radius) must be gated by an approval.
   */
  public record ConnectionUse(String provider, String fanOut, String limitSetting) {

    /** The {@code with} field that names the connection. */
    public static final String FIELD = "connection";
  }
}
