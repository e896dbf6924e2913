package dev.vigil.activities.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.store.billing.BillingProperties;
import dev.vigil.store.billing.StripeProperties;
import dev.vigil.store.billing.TenantPlans;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.system.TenantJdbc;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PrepareRunRequest;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow that starts a playbook gets the start input the API would have prepared. */
class PrepareRunIT {

  static final HikariDataSource db = TestDatabase.fresh();
  static final PlaybookRepository playbooks = new PlaybookRepository(db);
  final PrepareRunActivitiesImpl prepare =
      new PrepareRunActivitiesImpl(playbooks, ActionCatalog.bundled(), t -> Optional.empty());

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
  void aTenantAtItsPlansRunsPerMonthCannotStartAnother(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("plans.json");
    Files.writeString(
        file, "{\"plans\": {\"one\": {\"limits\": {\"runsPerMonth\": 1}, \"modules\": []}}}");
    TenantPlans plans =
        TenantPlans.of(
            new BillingProperties(file.toString(), "one"),
            new StripeProperties(null, null, null),
            db);
    UsageCounters usage = new UsageCounters(db);
    PrepareRunActivitiesImpl limited =
        new PrepareRunActivitiesImpl(
            playbooks,
            ActionCatalog.bundled(),
            t -> plans.refusal(t, null, Map.of("runsPerMonth", 1L), usage, Instant.now()));
    String tenant = "one-run";
    TestDatabase.execute(db, "insert into tenants (id, name) values ('" + tenant + "', 'One')");
    playbooks.publish(tenant, "child-pb", "c", CHILD, "eng");
    PrepareRunRequest r =
        new PrepareRunRequest(
            tenant, "r-2", "child-pb", null, Map.of(), RunMode.LIVE, "incident", Map.of());
    assertThat(limited.prepare(r).runId()).as("none used: the month's one run").isEqualTo("r-2");
    new TenantJdbc(db)
        .runInTenant(tenant, j -> UsageCounters.add(j, tenant, UsageCounters.RUNS, 1));
    assertThatThrownBy(() -> limited.prepare(r))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureTypes.PLAN_LIMIT);
              assertThat(f.getOriginalMessage())
                  .isEqualTo("the one plan allows 1 for runsPerMonth and the tenant uses 1");
              assertThat(f.isNonRetryable()).isTrue();
            });
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
