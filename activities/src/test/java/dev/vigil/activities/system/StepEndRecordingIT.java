package dev.vigil.activities.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.http.HttpSettings;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.action.StepProjection;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The action activity records its step's end itself, and a failed write never fails the action. */
class StepEndRecordingIT {

  static final HikariDataSource db = TestDatabase.fresh();
  final RunRepository runs = new RunRepository(db);

  @AfterAll
  static void close() {
    db.close();
  }

  private ActionActivities activities(TestActivityEnvironment env) {
    env.registerActivitiesImplementations(
        new ActionActivitiesImpl(
            ActionCatalog.bundled(),
            ActionHandlers.all(
                new HttpSettings(List.of(), null, 0), new Secrets(Map.of(), Map.of(), n -> null)),
            runs));
    return env.newActivityStub(ActionActivities.class);
  }

  @Test
  void recordsTheStepEndWithTheReservedSequenceNumber() {
    runs.insert(
        new RunRecord(
            "default",
            "run-1",
            "run/default/run-1",
            "pb",
            1,
            "running",
            "live",
            Map.of(),
            null,
            null,
            "ana",
            Instant.now(),
            null));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      ActionResult r =
          activities(env)
              .execute(
                  new ActionRequest(
                      "default",
                      "run-1",
                      "echo",
                      "core.echo",
                      Map.of("x", 1),
                      new StepProjection(7, 3, "action", "2026-01-01T00:00:00Z")));
      assertThat(r.projected()).isTrue();
      assertThat(runs.steps("default", "run-1"))
          .singleElement()
          .satisfies(
              s -> {
                Map<?, ?> m = (Map<?, ?>) s;
                assertThat(m.get("status")).isEqualTo("succeeded");
                assertThat(m.get("output")).isEqualTo(Map.of("x", 1L));
                assertThat(m.get("attempts")).isEqualTo((long) r.attempt());
              });
      runs.upsertSteps(
          "default",
          "run-1",
          6,
          List.of(new dev.vigil.store.run.StepRow("echo", 3, Map.of("status", "running"))));
      assertThat(((Map<?, ?>) runs.steps("default", "run-1").get(0)).get("status"))
          .as("an older write loses")
          .isEqualTo("succeeded");
    } finally {
      env.close();
    }
  }

  @Test
  void aFailedWriteLeavesTheStepEndToTheRunAndStillReturnsTheOutput() {
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      // no such run: the foreign key refuses the write
      ActionResult r =
          activities(env)
              .execute(
                  new ActionRequest(
                      "default",
                      "ghost-run",
                      "echo",
                      "core.echo",
                      Map.of("y", 2),
                      new StepProjection(3, 0, "action", "2026-01-01T00:00:00Z")));
      assertThat(r.projected()).isFalse();
      assertThat(r.output()).isEqualTo(Map.of("y", 2));
    } finally {
      env.close();
    }
  }
}
