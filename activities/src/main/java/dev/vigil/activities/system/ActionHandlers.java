package dev.vigil.activities.system;

import dev.vigil.activities.core.CoreActions;
import dev.vigil.activities.http.HttpRequestAction;
import dev.vigil.activities.http.HttpSettings;
import java.util.ArrayList;
import java.util.List;

/** Every action implementation Vigil ships; the worker registers exactly these. */
public final class ActionHandlers {

  private ActionHandlers() {}

  public static List<ActionHandler<?>> all(HttpSettings http, Secrets secrets) {
    List<ActionHandler<?>> all = new ArrayList<>(CoreActions.all());
    all.add(new HttpRequestAction(http, secrets));
    return all;
  }
}
