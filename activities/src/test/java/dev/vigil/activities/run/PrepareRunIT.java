package dev.vigil.activities.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PrepareRunRequest;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A workflow that starts a playbook gets the start input the API would have prepared. */
class PrepareRunIT {

  static final HikariDataSource db = TestDatabase.fresh();
  static final PlaybookRepository playbooks = new PlaybookRepository(db);
  final PrepareRunActivitiesImpl prepare =
      new PrepareRunActivitiesImpl(playbooks, ActionCatalog.bundled());

  static final String CHILD =
      "{\"key\": \"child-pb\", \"title\": \"c\", \"steps\": [{\"id\": \"c\", \"action\": \"http.request\", \"with\": {\"url\": \"https://x.example.com\"}}]}";
  static final String PARENT =
      "{\"key\": \"parent-pb\", \"title\": \"p\", \"inputs\": {\"type\": \"object\", \"required\": [\"ip\"]},"
          + " \"steps\": [{\"id\": \"log\", \"action\": \"core.log\", \"with\": {\"message\": \"m\"}},"
          + " {\"id\": \"sub\", \"playbook\": \"child-pb\", \"with\": {}}]}";

  @BeforeAll
  static void publish() {
    playbooks.publish("default", "child-pb", "c", CHILD, "eng");
    playbooks.publish("default", "parent-pb", "p", PARENT, "eng");
    playbooks.publish(
        "default",
        "orphan-pb",
        "o",
        "{\"key\": \"orphan-pb\", \"title\": \"o\", \"steps\": [{\"id\": \"s\", \"playbook\": \"nobody-pb\", \"with\": {}}]}",
        "eng");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static PrepareRunRequest request(String playbook, Map<String, Object> inputs) {
    return new PrepareRunRequest(
        "default",
        "r-1",
        playbook,
        null,
        inputs,
        RunMode.LIVE,
        "incident",
        Map.of("type", "incident"));
  }

  @Test
  void pinsTheLatestVersionItsChildrenAndTheActionsTheyCall() {
    StartRunInput in = prepare.prepare(request("parent-pb", Map.of("ip", "192.0.2.1")));
    assertThat(in.runId()).isEqualTo("r-1");
    assertThat(in.playbook().key()).isEqualTo("parent-pb");
    assertThat(in.playbook().version()).isEqualTo(1);
    assertThat(in.children()).extracting(PinnedPlaybook::key).containsExactly("child-pb");
    assertThat(in.actions())
        .extracting(ActionDefinition::name)
        .containsExactly("core.log", "http.request");
    assertThat(in.actions()).allSatisfy(a -> assertThat(a.input()).isNull()); // no schemas
    assertThat(in.trigger()).containsEntry("type", "incident");
  }

  @Test
  void refusesWhatTheApiWouldRefuseWithoutRetrying() {
    assertThatThrownBy(() -> prepare.prepare(request("orphan-pb", Map.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_DEFINITION);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("child playbook 'nobody-pb'");
            });
    assertThatThrownBy(() -> prepare.prepare(request("parent-pb", Map.of())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_RUN_INPUTS);
              assertThat(f.getOriginalMessage()).contains("/inputs").contains("ip");
            });
    assertThatThrownBy(() -> prepare.prepare(request("missing-pb", Map.of())))
        .hasMessageContaining("no playbook 'missing-pb'");
  }
}
