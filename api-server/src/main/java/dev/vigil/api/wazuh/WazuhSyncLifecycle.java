package dev.vigil.api.wazuh;

import dev.vigil.api.integration.Integrations;
import dev.vigil.workflows.sync.WazuhSyncs;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A Wazuh connection's sync starts when the connection is added and stops when it is deleted. If
 * Temporal does not answer, the connection is kept: the workers start every missing sync when they
 * start, and {@code POST /api/v1/wazuh/{connection}/sync} starts it too.
 */
@Component
class WazuhSyncLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WazuhSyncLifecycle.class);

  private final WorkflowClient temporal;
  private final boolean autoSync;

  WazuhSyncLifecycle(
      WorkflowClient temporal,
      @org.springframework.beans.factory.annotation.Value("${vigil.wazuh.auto-sync:true}")
          boolean autoSync) {
    this.temporal = temporal;
    this.autoSync = autoSync;
  }

  @EventListener
  void added(Integrations.ConnectionAdded c) {
    if (!autoSync || !c.provider().equals("wazuh")) {
      return;
    }
    try {
      WazuhSyncs.start(temporal, c.tenant(), c.name());
    } catch (RuntimeException e) {
      log.warn(
          "the sync of {}/{} did not start ({}); a worker starts it when it starts",
          c.tenant(),
          c.name(),
          e.toString());
    }
  }

  @EventListener
  void removed(Integrations.ConnectionRemoved c) {
    if (!c.provider().equals("wazuh")) {
      return;
    }
    try {
      WazuhSyncs.signal(temporal, c.tenant(), c.name(), "stop");
    } catch (RuntimeException e) {
      // not running (or Temporal down): its passes fail on the missing connection and it ends
      log.info("the sync of {}/{} was not stopped ({})", c.tenant(), c.name(), e.toString());
    }
  }
}
