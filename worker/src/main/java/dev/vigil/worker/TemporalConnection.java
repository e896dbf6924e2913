package dev.vigil.worker;

import dev.vigil.workflows.system.PayloadEncryption;
import dev.vigil.workflows.system.TemporalClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection to Temporal ({@code vigil.temporal.address}, {@code vigil.temporal.namespace}).
 */
@Configuration(proxyBeanMethods = false)
public class TemporalConnection {

  /** The SDK's metrics; closed with the context (its reporter thread would keep the JVM up). */
  @Bean(destroyMethod = "close")
  com.uber.m3.tally.Scope temporalMetrics(MeterRegistry metrics) {
    return TemporalClients.metricsScope(metrics);
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      WorkerProperties props, com.uber.m3.tally.Scope temporalMetrics) {
    return TemporalClients.stubs(props.temporal().address(), temporalMetrics);
  }

  /** One set of tag keys per Temporal SDK meter name, as Prometheus requires. */
  @Bean
  io.micrometer.core.instrument.config.MeterFilter consistentTemporalTags() {
    return TemporalClients.consistentTemporalTags();
  }

  /** Payload encryption (VIGIL_PAYLOAD_KEY, VIGIL_PAYLOAD_OLD_KEYS). */
  @Bean
  PayloadEncryption payloadEncryption(
      @Value("${vigil.temporal.payload-key:}") String key,
      @Value("${vigil.temporal.payload-old-keys:}") String oldKeys) {
    return PayloadEncryption.fromSettings(key, oldKeys);
  }

  @Bean
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      WorkerProperties props,
      PayloadEncryption encryption,
      org.springframework.beans.factory.ObjectProvider<TemporalTracing> tracing) {
    return TemporalClients.client(
        stubs,
        props.temporal().namespace(),
        encryption,
        TemporalTracing.clientInterceptors(tracing.getIfAvailable()));
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
