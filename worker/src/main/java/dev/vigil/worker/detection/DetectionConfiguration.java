package dev.vigil.worker.detection;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The detection consumer, on unless {@code vigil.detection.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "vigil.detection.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class DetectionConfiguration {

  @Bean
  DetectionConsumer detectionConsumer(DataSource dataSource) {
    return new DetectionConsumer(dataSource);
  }
}
