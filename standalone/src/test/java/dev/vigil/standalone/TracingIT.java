package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With VIGIL_TRACING_ENABLED, one trace follows a request into the workflow and its activities. */
class TracingIT {

  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

  /** The spans go to memory instead of an OTLP collector. */
  @Configuration(proxyBeanMethods = false)
  static class InMemorySpans {
    @Bean
    SpanExporter inMemorySpanExporter() {
      return SPANS;
    }
  }

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            new Class<?>[] {InMemorySpans.class},
            Api.args(
                "--management.tracing.enabled=true",
                "--management.otlp.tracing.export.enabled=false"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static Optional<SpanData> span(String name) {
    return SPANS.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  static List<SpanData> ancestors(SpanData span) {
    java.util.Map<String, SpanData> byId = new java.util.HashMap<>();
    SPANS.getFinishedSpanItems().forEach(s -> byId.put(s.getSpanId(), s));
    List<SpanData> out = new java.util.ArrayList<>();
    for (SpanData p = byId.get(span.getParentSpanId());
        p != null;
        p = byId.get(p.getParentSpanId())) {
      out.add(p);
    }
    return out;
  }

  @Test
  void oneTraceSpansTheRequestTheWorkflowAndItsActivities() throws Exception {
    String playbook =
        """
        {"key": "traced", "title": "Traced", "steps": [
          {"id": "say", "action": "core.echo", "with": {"value": "hello"}}]}
        """;
    assertThat(api.post("/api/v1/playbooks", "eng", playbook).status()).isEqualTo(201);
    Api.Res r = api.post("/api/v1/runs", "ana", "{\"playbook\": \"traced\", \"inputs\": {}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    api.await("/api/v1/runs/" + r.at("/runId").asText(), "ana", "/status", "succeeded");

    long until = System.currentTimeMillis() + 30_000;
    while (span("RunActivity:ExecuteAction").isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(200); // spans are exported in batches
    }
    SpanData start = span("StartWorkflow:PlaybookRunWorkflow").orElseThrow();
    SpanData run = span("RunWorkflow:PlaybookRunWorkflow").orElseThrow();
    SpanData activity = span("RunActivity:ExecuteAction").orElseThrow();
    String trace = start.getTraceId();
    List<SpanData> request =
        SPANS.getFinishedSpanItems().stream()
            .filter(s -> s.getTraceId().equals(trace) && s.getName().startsWith("http post"))
            .toList();
    assertThat(request).as("the HTTP request's span is the root of the trace").hasSize(1);
    assertThat(ancestors(start)).as("the start is inside the request").contains(request.get(0));
    assertThat(run.getTraceId()).isEqualTo(trace);
    assertThat(activity.getTraceId()).as("the action step, on the worker").isEqualTo(trace);
  }
}
