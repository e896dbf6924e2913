package dev.vigil.activities.system;

import dev.vigil.activities.core.CoreActions;
import dev.vigil.activities.http.HttpRequestAction;
import dev.vigil.activities.http.HttpSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every action implementation Vigil ships, for hosts without Spring (tests, the benchmark). The
 * worker declares the same handlers as beans; {@code WorkerApplicationIT} and {@code
 * ActionCatalogParityTest} keep both equal to the catalog.
 */
public final class ActionHandlers {

  private ActionHandlers() {}

  public static List<ActionHandler<?>> all(HttpSettings http, Secrets secrets) {
    List<ActionHandler<?>> all = new ArrayList<>(CoreActions.all());
    all.add(new HttpRequestAction(http, secrets));
    return all;
  }
}
