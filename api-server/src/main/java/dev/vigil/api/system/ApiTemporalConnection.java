package dev.vigil.api.system;

import dev.vigil.workflows.system.TemporalClients;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's Temporal client ({@code vigil.temporal.address}, {@code vigil.temporal.namespace}). */
@Configuration(proxyBeanMethods = false)
public class ApiTemporalConnection {

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(@Value("${vigil.temporal.address}") String address) {
    return TemporalClients.stubs(address);
  }

  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, @Value("${vigil.temporal.namespace:default}") String namespace) {
    return TemporalClients.client(stubs, namespace);
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
