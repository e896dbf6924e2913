package dev.vigil.workflows.sync;

import java.util.List;

/**
 * The workflow's own view of a sync (the API also reads the store's).
 *
 * @param paused whether passes are paused
 * @param parts each part's next due time (epoch ms) and consecutive failures
 */
public record WazuhSyncStatus(boolean paused, List<Part> parts) {

  /** One part: {@code agents}, {@code sca} or {@code alerts}. */
  public record Part(String name, long nextAt, int failures, String lastError) {}
}
