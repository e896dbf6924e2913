package dev.vigil.api;

import dev.vigil.api.system.ApiProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API as a building block (controllers, services, problem handling, store beans, Temporal
 * client). Used by {@link ApiApplication} and by the standalone app.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
@ComponentScan(
    basePackages = {
      "dev.vigil.api.system",
      "dev.vigil.api.catalog",
      "dev.vigil.api.playbook",
      "dev.vigil.api.run",
      "dev.vigil.api.approval",
      "dev.vigil.api.audit",
      "dev.vigil.api.identity"
    })
public class ApiModule {}
