package dev.vigil.worker;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;

/**
 * Temporal's tracing interceptors on Spring Boot's OpenTelemetry (VIGIL_TRACING_ENABLED): the span
 * of a client call (start, signal, update) is the child of the current one — the HTTP request's —
 * and travels in the Temporal headers to the workflow and its activities, so one trace follows a
 * request into what it started. Off, there are no interceptors at all.
 */
public final class TemporalTracing {

  private final OpenTracingOptions options;

  private TemporalTracing(OpenTracingOptions options) {
    this.options = options;
  }

  /** Null when tracing is off. */
  public static TemporalTracing of(boolean enabled, OpenTelemetry otel) {
    if (!enabled || otel == null) {
      return null;
    }
    return new TemporalTracing(
        OpenTracingOptions.newBuilder().setTracer(OpenTracingShim.createTracerShim(otel)).build());
  }

  public static WorkflowClientInterceptor[] clientInterceptors(TemporalTracing t) {
    return t == null
        ? new WorkflowClientInterceptor[0]
        : new WorkflowClientInterceptor[] {new OpenTracingClientInterceptor(t.options)};
  }

  public static WorkerInterceptor[] workerInterceptors(TemporalTracing t) {
    return t == null
        ? new WorkerInterceptor[0]
        : new WorkerInterceptor[] {new OpenTracingWorkerInterceptor(t.options)};
  }
}
