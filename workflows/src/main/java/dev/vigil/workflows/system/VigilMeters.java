package dev.vigil.workflows.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Vigil's own metrics, named once here (Prometheus names in {@code docs/operations.md}). Never used
 * from workflow code: activities, the detection consumer and the API record them into the app's
 * registry — given to them, never Micrometer's global one, which outlives an app and would hand a
 * meter to a closed app's registry — once per fact that reached the store (a retried write counts
 * once).
 *
 * <p>Tags are low-cardinality on purpose: playbook keys, action names, severities, sources — never
 * tenants, users or ids (a Prometheus series per tenant would not scale to an MSSP).
 */
public final class VigilMeters {

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  public VigilMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Meters that record nothing (tools and tests that build components without an app). */
  public static VigilMeters discard() {
    return new VigilMeters(new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
  }

  public void runStarted(String playbook) {
    Counter.builder("vigil.runs.started")
        .description("Playbook runs started")
        .tag("playbook", tag(playbook))
        .register(registry)
        .increment();
  }

  public void runEnded(String playbook, String status) {
    Counter.builder("vigil.runs.ended")
        .description("Playbook runs ended, by final status")
        .tag("playbook", tag(playbook))
        .tag("status", tag(status))
        .register(registry)
        .increment();
  }

  /**
   * One action step's execution (one attempt), by action and outcome ({@code ok}/{@code error}).
   */
  public void step(String action, String outcome, Duration took) {
    Timer.builder("vigil.step.duration")
        .description("Action step execution time")
        .tag("action", tag(action))
        .tag("outcome", tag(outcome))
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** From an approval's opening to its decision (people, timeouts and escalations alike). */
  public void approvalWait(String decidedBy, Duration waited) {
    Timer.builder("vigil.approval.wait")
        .description("Time approvals waited for a decision")
        .tag("decided_by", "timeout".equals(decidedBy) ? "timeout" : "people")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofDays(7))
        .register(registry)
        .record(waited.isNegative() ? Duration.ZERO : waited);
  }

  public void eventsIngested(String source, long n) {
    count("vigil.events.ingested", "Events accepted and committed", "source", source, n);
  }

  public void eventsRejected(String source, long n) {
    count("vigil.events.rejected", "Records refused at ingest", "source", source, n);
  }

  public void alertsRaised(String severity, long n) {
    count("vigil.alerts.raised", "Alerts opened by detection rules", "severity", severity, n);
  }

  private void count(String name, String description, String tag, String value, long n) {
    if (n > 0) {
      Counter.builder(name)
          .description(description)
          .tag(tag, tag(value))
          .register(registry)
          .increment(n);
    }
  }

  public void slaBreach(String kind) {
    Counter.builder("vigil.sla.breaches")
        .description("Incident SLA targets missed")
        .tag("kind", tag(kind))
        .register(registry)
        .increment();
  }

  /** How long the oldest batch of the last detection pass waited after its commit. */
  public void detectionLag(Duration lag) {
    gauge("vigil.detection.lag", "seconds", Map.of(), "Wait of the last pass's oldest batch")
        .set(Math.max(0, lag.toMillis()));
  }

  /**
   * Registers a gauge read from {@code source} at every scrape (incidents open by severity, which
   * the store counts).
   */
  public <T> void gauge(
      String name, String description, Map<String, String> tags, T source, ToDoubleFunction<T> f) {
    Gauge.Builder<T> b = Gauge.builder(name, source, f).description(description);
    tags.forEach(b::tag);
    b.register(registry);
  }

  private AtomicLong gauge(String name, String unit, Map<String, String> tags, String description) {
    return gauges.computeIfAbsent(
        name + tags,
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.Builder<AtomicLong> b =
              Gauge.builder(name, v, x -> x.get() / 1000.0).baseUnit(unit).description(description);
          tags.forEach(b::tag);
          b.register(registry);
          return v;
        });
  }

  private static String tag(String v) {
    return v == null || v.isBlank() ? "none" : v;
  }
}
