package dev.vigil.api.system;

import dev.vigil.store.system.Page;
import java.util.List;
import java.util.function.Function;

/** A page of a list as the API returns it. */
public record PageView<T>(List<T> items, String nextCursor) {

  /** A store page with each item turned into its API view. */
  public static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
    return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
  }

  /** A store page whose items are shown as they are. */
  public static <T> PageView<T> of(Page<T> page) {
    return new PageView<>(page.items(), page.nextCursor());
  }
}
