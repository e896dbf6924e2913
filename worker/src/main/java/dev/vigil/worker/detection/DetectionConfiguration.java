package dev.vigil.worker.detection;

import dev.vigil.worker.incident.IncidentRouter;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The detection consumer, on unless {@code vigil.detection.enabled=false}; {@code
 * vigil.detection.max-events-per-pass} bounds one transaction
 * (VIGIL_DETECTION_MAX_EVENTS_PER_PASS).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "vigil.detection.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class DetectionConfiguration {

  @Bean
  DetectionConsumer detectionConsumer(
      DataSource dataSource,
      @Value("${vigil.detection.max-events-per-pass:" + DetectionPass.MAX_EVENTS + "}")
          int maxEvents,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    return new DetectionConsumer(
        dataSource, maxEvents, new dev.vigil.workflows.system.VigilMeters(metrics));
  }

  /** Routes the alerts the consumer raises to incidents, right after each drain. */
  @Bean
  IncidentRouter incidentRouter(
      DataSource dataSource, WorkflowClient client, DetectionConsumer consumer) {
    IncidentRouter router = new IncidentRouter(dataSource, client);
    consumer.afterDrain(router::routeAll);
    return router;
  }
}
