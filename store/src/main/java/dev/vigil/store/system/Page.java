package dev.vigil.store.system;

import java.util.List;
import java.util.function.Function;

/** One page of a list; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * The page for {@code rows} fetched with {@code limit + 1} (the extra row only says there is a
   * next page); the cursor is made from the last row kept.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<T> items = List.copyOf(rows.subList(0, limit));
    return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
  }
}
