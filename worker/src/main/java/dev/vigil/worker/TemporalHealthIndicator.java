package dev.vigil.worker;

import dev.vigil.workflows.system.TemporalClients;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
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
    String why = TemporalClients.unreachable(stubs);
    if (why != null) {
      return h.down().withDetail("error", why).build();
    }
    return (factory.isStarted() && !factory.isShutdown() ? h.up() : h.down())
        .withDetail("workerStarted", factory.isStarted())
        .build();
  }
}
