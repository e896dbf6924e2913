package dev.vigil.store.connection;

import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections' repository and the box that seals their secrets, for every app that reads
 * connections: the API (which writes them) and the worker (whose activities resolve them). Both
 * import this class, so the standalone app, which is both, has them once.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionBeans {

  @Bean
  ConnectionRepository connectionRepository(DataSource ds) {
    return new ConnectionRepository(ds);
  }

  /**
   * Seals connection secrets; without {@code VIGIL_SECRETS_KEY} a secret can be neither stored nor
   * read.
   */
  @Bean
  SecretBox secretBox(
      @Value("${vigil.integrations.secrets-key:}") String key,
      @Value("${vigil.integrations.secrets-old-keys:}") String oldKeys) {
    return SecretBox.of(key, oldKeys);
  }
}
