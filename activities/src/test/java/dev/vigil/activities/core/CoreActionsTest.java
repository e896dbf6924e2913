package dev.vigil.activities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.http.HttpSettings;
import dev.vigil.activities.system.ActionActivitiesImpl;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandlers;
import dev.vigil.activities.system.Secrets;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.system.FailureTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreActionsTest {

  final ActionActivitiesImpl actions =
      new ActionActivitiesImpl(
          ActionCatalog.bundled(),
          ActionHandlers.all(
              new HttpSettings(List.of(), null, 0), new Secrets(Map.of(), Map.of(), n -> null)));

  Object run(String action, Map<String, Object> with) {
    return actions.invoke(new ActionRequest("acme", "r1", "s1", action, with), 1);
  }

  @Test
  void echoReturnsItsInputWithLongIntegers() {
    assertThat(run("core.echo", Map.of("a", 1, "b", List.of("x"))))
        .isEqualTo(Map.of("a", 1L, "b", List.of("x")));
  }

  @Test
  void logReportsWhatItLogged() {
    assertThat(run("core.log", Map.of("message", "blocked 203.0.113.9", "level", "warn")))
        .isEqualTo(Map.of("logged", true, "level", "warn", "message", "blocked 203.0.113.9"));
  }

  @Test
  void transformEvaluatesCelOverData() {
    Object out =
        run(
            "core.transform",
            Map.of(
                "expression",
                "data.hosts.filter(h, h.critical).map(h, h.name)",
                "data",
                Map.of(
                    "hosts",
                    List.of(
                        Map.of("name", "db1", "critical", true),
                        Map.of("name", "web1", "critical", false)))));
    assertThat(out).isEqualTo(Map.of("value", List.of("db1")));
    assertThatThrownBy(
            () -> run("core.transform", Map.of("expression", "data.nope", "data", Map.of())))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> assertThat(e.type()).isEqualTo(FailureTypes.EXPRESSION_ERROR));
  }
}
