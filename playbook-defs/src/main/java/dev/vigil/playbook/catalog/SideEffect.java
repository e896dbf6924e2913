package dev.vigil.playbook.catalog;

import java.util.Locale;

/** What running an action does to the world; dry runs execute only {@link #READ} actions. */
public enum SideEffect {
  READ,
  WRITE,
  DESTRUCTIVE;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SideEffect of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
