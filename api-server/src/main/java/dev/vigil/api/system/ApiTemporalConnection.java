package dev.vigil.api.system;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;
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
    if (!address.matches("^[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}$")) {
      throw new IllegalArgumentException(
          "vigil.temporal.address (VIGIL_TEMPORAL_ADDRESS) must be host:port, not '"
              + address
              + "'");
    }
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
  }

  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs, @Value("${vigil.temporal.namespace:default}") String namespace) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** /actuator/health: DOWN while Temporal does not answer. */
  @Bean
  HealthIndicator temporal(WorkflowServiceStubs stubs) {
    return () -> {
      try {
        stubs
            .blockingStub()
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        return Health.up().build();
      } catch (RuntimeException e) {
        return Health.down().withDetail("error", "Temporal unreachable: " + e.getMessage()).build();
      }
    };
  }
}
