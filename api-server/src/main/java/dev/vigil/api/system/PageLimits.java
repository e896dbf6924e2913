package dev.vigil.api.system;

import dev.vigil.store.system.Limits;

/** The {@code limit} query parameter of every list, checked the same way everywhere. */
public final class PageLimits {

  private PageLimits() {}

  public static int of(Integer limit) {
    try {
      return Limits.of(limit);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("/limit", e.getMessage());
    }
  }
}
