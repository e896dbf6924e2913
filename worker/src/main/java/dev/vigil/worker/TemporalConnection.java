package dev.vigil.worker;

import dev.vigil.workflows.system.TemporalClients;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection to Temporal ({@code vigil.temporal.address}, {@code vigil.temporal.namespace}).
 */
@Configuration(proxyBeanMethods = false)
public class TemporalConnection {

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(WorkerProperties props) {
    return TemporalClients.stubs(props.temporal().address());
  }

  @Bean
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, WorkerProperties props) {
    return TemporalClients.client(stubs, props.temporal().namespace());
  }

  /** /actuator/health: DOWN while Temporal does not answer. */
  @Bean
  HealthIndicator temporal(WorkflowServiceStubs stubs) {
    return () -> {
      String why = TemporalClients.unreachable(stubs);
      return why == null ? Health.up().build() : Health.down().withDetail("error", why).build();
    };
  }
}
