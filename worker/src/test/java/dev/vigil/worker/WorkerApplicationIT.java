package dev.vigil.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.store.run.RunRecord;
import dev.vigil.store.run.RunRepository;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.playbook.PinnedPlaybook;
import dev.vigil.workflows.playbook.PlaybookRunWorkflow;
import dev.vigil.workflows.playbook.RunMode;
import dev.vigil.workflows.playbook.RunPreparation;
import dev.vigil.workflows.playbook.RunResult;
import dev.vigil.workflows.playbook.RunStatus;
import dev.vigil.workflows.playbook.StartRunInput;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker app against a real (in-process, port-bound) Temporal service: it registers on {@code
 * playbook-runs}, runs a bundled playbook and reports UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkerApplicationIT {

  static final int PORT = freePort();
  static final TestServer.PortBoundTestServer temporal =
      TestServer.createPortBoundServer(PORT, false);

  static final TestDatabase.Coordinates DB = TestDatabase.freshCoordinates();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("vigil.temporal.address", () -> "127.0.0.1:" + PORT);
    r.add("spring.datasource.url", DB::url);
    r.add("spring.datasource.username", DB::user);
    r.add("spring.datasource.password", DB::password);
  }

  @AfterAll
  static void stop() {
    temporal.close();
  }

  @Autowired WorkflowClient client;
  @Autowired TestRestTemplate http;
  @Autowired javax.sql.DataSource dataSource;
  @Autowired dev.vigil.activities.system.ActionActivitiesImpl actions;
  RunRepository runs;

  @org.junit.jupiter.api.BeforeEach
  void repositories() {
    runs = new RunRepository(dataSource);
  }

  @Test
  void runsAPlaybookFromTheTaskQueueAndReportsHealthy() {
    String def =
        """
        {"key": "worker-smoke", "title": "Smoke", "steps": [
          {"id": "echo", "action": "core.echo", "with": {"n": "${{ inputs.n + 1 }}"}},
          {"id": "note", "action": "core.log", "with": {"message": "n is ${{ steps.echo.output.n }}"}}
        ], "outputs": {"n": "${{ steps.echo.output.n }}"}}
        """;
    PlaybookRunWorkflow run =
        client.newWorkflowStub(
            PlaybookRunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.PLAYBOOK_RUNS)
                .setWorkflowId(StartRunInput.workflowId("default", "w1"))
                .build());
    RunResult r =
        run.run(
            RunPreparation.input(
                ActionCatalog.bundled(),
                "w1",
                "default",
                new PinnedPlaybook("worker-smoke", 1, def),
                List.of(),
                Map.of("n", 41),
                RunMode.LIVE,
                "alice",
                Map.of()));
    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(r.outputs()).containsEntry("n", 42L);
    RunRecord stored = runs.find("default", "w1").orElseThrow();
    assertThat(stored.status()).isEqualTo("succeeded");
    assertThat(stored.outputs()).containsEntry("n", 42L);

    var health = http.getForEntity("/actuator/health", String.class);
    assertThat(health.getStatusCode().value()).isEqualTo(200);
    assertThat(health.getBody()).contains("\"status\":\"UP\"").contains("\"temporalWorker\"");
  }

  @Test
  void theWorkersHandlerBeansImplementExactlyTheCatalog() {
    // every catalog action has a handler bean, and no bean implements an action the catalog lacks
    assertThat(actions.implemented())
        .containsExactlyInAnyOrderElementsOf(
            ActionCatalog.bundled().all().stream()
                .map(dev.vigil.playbook.catalog.ActionDefinition::name)
                .toList());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
