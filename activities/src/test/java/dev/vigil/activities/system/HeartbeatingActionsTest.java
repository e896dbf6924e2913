package dev.vigil.activities.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.http.FakeApi;
import dev.vigil.activities.http.HttpSettings;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An action with a heartbeat timeout learns that its run was cancelled: a read stops without
 * waiting for its answer, a write in flight is finished first.
 */
class HeartbeatingActionsTest {

  FakeApi api;
  TestActivityEnvironment env;
  ActionActivities actions;

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    api.on("GET", "/slow", new FakeApi.Answer(200, "application/json", "{}", 2000));
    api.on("POST", "/slow", new FakeApi.Answer(201, "application/json", "{\"id\": 7}", 2000));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ActionActivitiesImpl(
            ActionCatalog.bundled(),
            ActionHandlers.all(
                new HttpSettings(List.of("127.0.0.1:" + api.port()), Duration.ofSeconds(10), 0),
                new Secrets(Map.of(), Map.of(), n -> null))));
    actions =
        env.newActivityStub(
            ActionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofMillis(600))
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
    api.close();
  }

  CompletableFuture<ActionResult> call(String method) throws InterruptedException {
    CompletableFuture<ActionResult> result =
        CompletableFuture.supplyAsync(
            () ->
                actions.execute(
                    new ActionRequest(
                        "acme",
                        "r1",
                        "s1",
                        "http.request",
                        Map.of("method", method, "url", api.base() + "/slow"))));
    while (!api.timeline.contains("start " + method + " /slow")) {
      Thread.sleep(10);
    }
    env.requestCancelActivity();
    return result;
  }

  @Test
  void aCancelledReadStopsWithoutWaitingForItsAnswer() throws Exception {
    CompletableFuture<ActionResult> result = call("GET");
    assertThatThrownBy(result::join).hasStackTraceContaining("Canceled");
    assertThat(api.timeline).doesNotContain("end GET /slow");
  }

  @Test
  void aCancelledWriteInFlightIsFinishedFirst() throws Exception {
    ActionResult r = call("POST").join();
    assertThat(api.timeline).contains("end POST /slow");
    // the write's own answer, not a cancellation: the run compensates what it knows happened
    assertThat(dev.vigil.playbook.json.Json.normalize(r.output()))
        .isInstanceOfSatisfying(
            Map.class,
            out -> {
              assertThat(out.get("status")).isEqualTo(201L);
              assertThat(out.get("body")).isEqualTo(Map.of("id", 7L));
            });
  }
}
