package dev.vigil.api.system;

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

/** The API's Temporal client ({@code vigil.temporal.address}, {@code vigil.temporal.namespace}). */
@Configuration(proxyBeanMethods = false)
public class ApiTemporalConnection {

  /** The SDK's metrics; closed with the context (its reporter thread would keep the JVM up). */
  @Bean(destroyMethod = "close")
  com.uber.m3.tally.Scope temporalMetrics(MeterRegistry metrics) {
    return TemporalClients.metricsScope(metrics);
  }

  @Bean(destroyMethod = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      @Value("${vigil.temporal.address}") String address, com.uber.m3.tally.Scope temporalMetrics) {
    // a request waits for an unreachable Temporal 5 s at most, then gets a 503 with Retry-After
    return TemporalClients.stubs(address, temporalMetrics, java.time.Duration.ofSeconds(5));
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
      @Value("${vigil.temporal.namespace:default}") String namespace,
      PayloadEncryption encryption,
      @Value("${management.tracing.enabled:false}") boolean tracing,
      org.springframework.beans.factory.ObjectProvider<io.opentelemetry.api.OpenTelemetry> otel) {
    io.temporal.common.interceptors.WorkflowClientInterceptor[] interceptors =
        tracing && otel.getIfAvailable() != null
            ? new io.temporal.common.interceptors.WorkflowClientInterceptor[] {
              // the start, signal or update call is a child of the HTTP request's span
              new io.temporal.opentracing.OpenTracingClientInterceptor(
                  io.temporal.opentracing.OpenTracingOptions.newBuilder()
                      .setTracer(
                          io.opentelemetry.opentracingshim.OpenTracingShim.createTracerShim(
                              otel.getObject()))
                      .build())
            }
            : new io.temporal.common.interceptors.WorkflowClientInterceptor[0];
    return TemporalClients.client(stubs, namespace, encryption, interceptors);
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
