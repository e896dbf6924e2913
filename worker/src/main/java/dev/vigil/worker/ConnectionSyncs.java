package dev.vigil.worker;

import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.workflows.sync.WazuhSyncs;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * At start-up, every Wazuh connection of every tenant gets its sync workflow if it has none (the
 * API starts one when a connection is added; this covers an in-memory Temporal that lost them, and
 * connections made while no Temporal answered). Retried every minute until Temporal answers.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
    name = "vigil.wazuh.auto-sync",
    havingValue = "true",
    matchIfMissing = true)
public class ConnectionSyncs {

  private static final Logger log = LoggerFactory.getLogger(ConnectionSyncs.class);

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService connectionSyncStarter() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "connection-syncs");
          t.setDaemon(true);
          return t;
        });
  }

  @Bean
  ApplicationRunner startConnectionSyncs(
      WorkflowClient client,
      ConnectionRepository connections,
      javax.sql.DataSource dataSource,
      ScheduledExecutorService connectionSyncStarter) {
    dev.vigil.store.wazuh.WazuhCache cache = new dev.vigil.store.wazuh.WazuhCache(dataSource);
    return args -> attempt(client, connections, cache, connectionSyncStarter);
  }

  private static void attempt(
      WorkflowClient client,
      ConnectionRepository connections,
      dev.vigil.store.wazuh.WazuhCache cache,
      ScheduledExecutorService retry) {
    try {
      int started = 0;
      for (var c : connections.namesAcrossTenants("wazuh")) {
        boolean paused = cache.state(c.tenant(), c.name()).paused();
        started += WazuhSyncs.start(client, c.tenant(), c.name(), paused) ? 1 : 0;
      }
      if (started > 0) {
        log.info("started the sync of {} Wazuh connection(s)", started);
      }
    } catch (RuntimeException e) {
      log.warn("cannot start the Wazuh syncs yet ({}); trying again in a minute", e.getMessage());
      retry.schedule(() -> attempt(client, connections, cache, retry), 1, TimeUnit.MINUTES);
    }
  }
}
