package dev.vigil.worker;

import io.temporal.worker.WorkerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * /actuator/health: UP only when the worker factory is started. Whether Temporal answers is the
 * {@code temporal} indicator of the app's Temporal connection (one ping per health check).
 */
@Component("temporalWorker")
class TemporalHealthIndicator implements HealthIndicator {

  private final WorkerFactory factory;
  private final WorkerProperties props;

  TemporalHealthIndicator(WorkerFactory factory, WorkerProperties props) {
    this.factory = factory;
    this.props = props;
  }

  @Override
  public Health health() {
    Health.Builder h = Health.unknown().withDetail("address", props.temporal().address());
    return (factory.isStarted() && !factory.isShutdown() ? h.up() : h.down())
        .withDetail("workerStarted", factory.isStarted())
        .build();
  }
}
