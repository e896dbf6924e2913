package dev.vigil.store.system;

/** Page sizes. */
public final class Limits {

  public static final int DEFAULT = 50;
  public static final int MAX = 200;

  private Limits() {}

  /** The page size to use for a requested limit (null → default); throws when out of range. */
  public static int of(Integer requested) {
    if (requested == null) {
      return DEFAULT;
    }
    if (requested < 1 || requested > MAX) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX);
    }
    return requested;
  }
}
