package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The standalone mode's embedded Temporal service: its timer's ever-growing lock history is
 * switched off (a memory leak and a per-timer cost that grows with every activity), and it still
 * runs workflows, activities and timers in real time.
 */
class EmbeddedTemporalTest {

  @WorkflowInterface
  public interface Sleeper {
    @WorkflowMethod
    int run(int millis);
  }

  @ActivityInterface
  public interface Echo {
    int echo(int n);
  }

  public static class SleeperImpl implements Sleeper {
    private final Echo echo =
        Workflow.newActivityStub(
            Echo.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public int run(int millis) {
      int n = echo.echo(1);
      Workflow.sleep(Duration.ofMillis(millis));
      return n + echo.echo(1);
    }
  }

  /** Runs {@code count} workflows (two activities and a timer each); returns their wall time. */
  static long runWorkflows(int port, int count, int sleepMillis) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker("sleepers");
      worker.registerWorkflowImplementationTypes(SleeperImpl.class);
      worker.registerActivitiesImplementations((Echo) n -> n);
      factory.start();
      long start = System.nanoTime();
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Sleeper s =
            client.newWorkflowStub(
                Sleeper.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue("sleepers")
                    .setWorkflowId("sleeper-" + i)
                    .build());
        results.add(WorkflowClient.execute(s::run, sleepMillis));
      }
      results.forEach(r -> assertThat(r.join()).isEqualTo(2));
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      factory.shutdownNow();
      return elapsed;
    } finally {
      service.shutdownNow();
    }
  }

  @Test
  void theTimerKeepsNoLockHistoryAndStillRunsInRealTime() {
    int port = Ports.free();
    try (TestServer.PortBoundTestServer server = EmbeddedTemporal.start(port)) {
      long elapsed = runWorkflows(port, 50, 300);
      assertThat(EmbeddedTemporal.lockHistorySize(server))
          .as("100 activities, 50 timers and their workflow tasks later")
          .isZero();
      assertThat(elapsed).as("the timers waited in real time, not skipped").isGreaterThan(300);
    }
  }

  @Test
  void withoutTheRepairTheHistoryGrowsWithEveryActivity() {
    int port = Ports.free();
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true)) {
      runWorkflows(port, 20, 10);
      int after20 = EmbeddedTemporal.lockHistorySize(server);
      runWorkflows(port, 20, 10);
      assertThat(after20).as("what the service keeps as it comes").isPositive();
      assertThat(EmbeddedTemporal.lockHistorySize(server))
          .as("and it only grows")
          .isGreaterThan(after20);
    }
  }
}
