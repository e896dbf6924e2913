package dev.vigil.worker;

import dev.vigil.store.incident.IncidentRoutes;
import dev.vigil.workflows.system.VigilMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gauges the worker reports from the store ({@code vigil_incidents_open{severity}}). Only the
 * worker registers them, so a deployment's api-servers do not report the same count again.
 */
@Configuration(proxyBeanMethods = false)
public class WorkerMetrics {

  /** The severities incidents have; each gets a series, zero included. */
  static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");

  @Bean
  OpenIncidents openIncidents(DataSource dataSource, MeterRegistry registry) {
    OpenIncidents open = new OpenIncidents(new IncidentRoutes(dataSource));
    VigilMeters meters = new VigilMeters(registry);
    for (String severity : SEVERITIES) {
      meters.gauge(
          "vigil.incidents.open",
          "Incidents not yet resolved or closed",
          Map.of("severity", severity),
          open,
          o -> o.count(severity));
    }
    return open;
  }

  /** Counts read at most every 15 s, however often Prometheus scrapes. */
  static final class OpenIncidents {
    private static final Logger log = LoggerFactory.getLogger(OpenIncidents.class);
    private static final long MAX_AGE_MILLIS = 15_000;
    private final IncidentRoutes routes;
    private Map<String, Long> counts = Map.of();
    private long readAt;

    OpenIncidents(IncidentRoutes routes) {
      this.routes = routes;
    }

    synchronized double count(String severity) {
      long now = System.currentTimeMillis();
      if (now - readAt >= MAX_AGE_MILLIS) {
        try {
          counts = routes.openBySeverity();
          readAt = now;
        } catch (RuntimeException e) {
          // the store is down: the gauge says so (NaN) rather than a stale count
          log.debug("open incidents not counted: {}", e.getMessage());
          counts = null;
          readAt = now;
        }
      }
      return counts == null ? Double.NaN : counts.getOrDefault(severity, 0L);
    }
  }
}
