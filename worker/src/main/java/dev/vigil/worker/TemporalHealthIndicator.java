package dev.vigil.worker;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** /actuator/health: UP only when Temporal answers and the worker factory is started. */
@Component("temporalWorker")
class TemporalHealthIndicator implements HealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private final WorkerProperties props;

  TemporalHealthIndicator(
      WorkflowServiceStubs stubs, WorkerFactory factory, WorkerProperties props) {
    this.stubs = stubs;
    this.factory = factory;
    this.props = props;
  }

  @Override
  public Health health() {
    Health.Builder h = Health.unknown().withDetail("address", props.temporal().address());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      return h.down().withDetail("error", "Temporal unreachable: " + e.getMessage()).build();
    }
    return (factory.isStarted() && !factory.isShutdown() ? h.up() : h.down())
        .withDetail("workerStarted", factory.isStarted())
        .build();
  }
}
