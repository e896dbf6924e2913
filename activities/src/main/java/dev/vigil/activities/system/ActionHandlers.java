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

  /**
   * The actions that need neither Temporal nor the store: {@code core.*} and {@code http.request}.
   */
  public static List<ActionHandler<?>> all(HttpSettings http, Secrets secrets) {
    List<ActionHandler<?>> all = new ArrayList<>(CoreActions.all());
    all.add(new HttpRequestAction(http, secrets));
    return all;
  }

  /** Every action, the {@code incident.*} and connector ones included. */
  public static List<ActionHandler<?>> all(
      HttpSettings http,
      Secrets secrets,
      dev.vigil.activities.incident.IncidentActions incidents,
      dev.vigil.activities.wazuh.WazuhActions wazuh,
      dev.vigil.activities.slack.SlackActions slack,
      dev.vigil.activities.intel.IntelActions intel,
      dev.vigil.activities.notify.EmailActions email,
      List<ActionHandler<?>> response) {
    List<ActionHandler<?>> all = all(http, secrets);
    all.addAll(incidents.all());
    all.addAll(wazuh.all());
    all.addAll(slack.all());
    all.addAll(intel.all());
    all.addAll(email.all());
    all.addAll(response);
    return all;
  }
}
