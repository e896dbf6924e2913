package dev.vigil.workflows.system;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** How workflows write their projection to PostgreSQL: one set of options for every family. */
public final class Projections {

  /**
   * A local activity retried with backoff without limit: while the database is down the workflow
   * waits, it never loses a write. The limit is spelt out because a local activity without maximum
   * attempts or a schedule-to-close timeout is not retried at all (sdk-java#1727).
   */
  public static final LocalActivityOptions LOCAL_ACTIVITY =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(Integer.MAX_VALUE)
                  .setInitialInterval(Duration.ofMillis(500))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  private Projections() {}
}
