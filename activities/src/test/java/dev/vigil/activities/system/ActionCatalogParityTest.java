package dev.vigil.activities.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.http.HttpSettings;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.system.FailureTypes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ActionCatalogParityTest {

  final ActionActivitiesImpl activities =
      new ActionActivitiesImpl(
          ActionCatalog.bundled(),
          ActionHandlers.all(
              new HttpSettings(List.of(), null, 0),
              new Secrets(Map.of(), Map.of(), n -> null),
              // names only: this test never runs an incident action
              new dev.vigil.activities.incident.IncidentActions(null, null),
              new dev.vigil.activities.wazuh.WazuhActions(null),
              new dev.vigil.activities.slack.SlackActions(null, null),
              new dev.vigil.activities.intel.IntelActions(null, null, null, null),
              new dev.vigil.activities.notify.EmailActions(null),
              dev.vigil.activities.response.ResponseActions.all(null, null)));

  @Test
  void everyCatalogEntryHasAnImplementationAndEveryImplementationAnEntry() {
    var catalog =
        ActionCatalog.bundled().all().stream()
            .map(ActionDefinition::name)
            .collect(Collectors.toSet());
    assertThat(activities.implemented()).containsExactlyInAnyOrderElementsOf(catalog);
  }

  @Test
  void inputNotMatchingTheActionSchemaIsRefusedAsInvalidInput() {
    assertThatThrownBy(
            () ->
                activities.invoke(
                    new ActionRequest("acme", "r", "s", "core.log", Map.of("level", "loud")), 1))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(FailureTypes.INVALID_INPUT);
              assertThat(e.getMessage())
                  .contains("/with: error: required property 'message' not found")
                  .contains("/with/level");
            });
  }

  @Test
  void unknownActionIsRefused() {
    assertThatThrownBy(
            () ->
                activities.invoke(
                    new ActionRequest("acme", "r", "s", "wazuh.nothing", Map.of()), 1))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.INVALID_INPUT));
  }
}
