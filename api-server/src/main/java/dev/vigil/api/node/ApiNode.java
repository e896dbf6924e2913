package dev.vigil.api.node;

import dev.vigil.store.node.NodeHeartbeat;
import dev.vigil.store.node.NodeRegistry;
import dev.vigil.workflows.system.PayloadEncryption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** This api-server on the Nodes page, and the registry the page reads. */
@Configuration(proxyBeanMethods = false)
public class ApiNode {

  @Bean
  NodeRegistry nodeRegistry(DataSource dataSource) {
    return new NodeRegistry(dataSource);
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  NodeHeartbeat apiHeartbeat(
      NodeRegistry registry,
      HealthEndpoint health,
      PayloadEncryption encryption,
      @Value("${vigil.temporal.address}") String temporal,
      @Value("${vigil.temporal.namespace:default}") String namespace) {
    return new NodeHeartbeat(
        registry,
        "api",
        List::of,
        () -> health.health().getStatus().getCode(),
        () -> {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("temporal", temporal);
          d.put("namespace", namespace);
          d.put("payloadKeys", encryption.enabled() ? encryption.keys().ids() : List.of());
          return d;
        });
  }
}
