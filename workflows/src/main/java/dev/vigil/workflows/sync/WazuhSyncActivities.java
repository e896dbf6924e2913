package dev.vigil.workflows.sync;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The passes of {@link WazuhSyncWorkflow}. Each resolves the connection on the worker (its secrets
 * never enter the workflow), writes what it read to the Wazuh cache in PostgreSQL, and on failure
 * records the error in the sync's status before it fails (so the API shows it while the workflow
 * backs off). Each is idempotent: a retry repeats a pass without duplicating anything.
 */
@ActivityInterface
public interface WazuhSyncActivities {

  /**
   * Reads the whole agents inventory ({@code GET /agents}, paged) and replaces the cached one;
   * agents disconnected for longer than the tenant's {@code wazuh.disconnectedAlertAfter} raise an
   * alert (once per disconnection).
   */
  @ActivityMethod(name = "WazuhSyncAgents")
  SyncPass agents(String tenant, String connection);

  /** Reads every cached agent's SCA policy summaries ({@code GET /sca/{agent_id}}). */
  @ActivityMethod(name = "WazuhSyncSca")
  SyncPass sca(String tenant, String connection);

  /**
   * Ingests the alerts the indexer holds after the connection's cursor as {@code wazuh-alert}
   * events, at most {@code maxPages} pages; each page's events and the cursor after them are one
   * transaction, so no alert is skipped or ingested twice across retries, restarts and outages.
   * Alerts younger than a settling delay are left for the next pass (the indexer may still be
   * writing older ones). Heartbeats after each page.
   */
  @ActivityMethod(name = "WazuhSyncAlerts")
  SyncPass alerts(String tenant, String connection, int maxPages);
}
