package dev.vigil.workflows.retention;

/**
 * What {@link RetentionActivities#apply} is asked to do.
 *
 * @param chunkRows events deleted per statement
 */
public record RetentionRequest(int chunkRows) {

  public RetentionRequest {
    if (chunkRows <= 0) {
      throw new IllegalArgumentException("chunkRows must be positive, not " + chunkRows);
    }
  }
}
