package dev.vigil.workflows.sync;

/**
 * What {@link WazuhSyncWorkflow} carries across continue-as-new.
 *
 * @param tenant the connection's tenant
 * @param connection the connection's name
 * @param agentsEvery seconds between inventory passes
 * @param scaEvery seconds between SCA passes
 * @param alertsEvery seconds between alert passes
 * @param paused no pass runs until resumed
 * @param next when each part is next due (epoch ms: agents, sca, alerts)
 * @param failures consecutive failures of each part (its backoff)
 */
public record WazuhSyncState(
    String tenant,
    String connection,
    long agentsEvery,
    long scaEvery,
    long alertsEvery,
    boolean paused,
    long[] next,
    int[] failures) {

  /** A new sync: every part due at once; inventory every 5 min, SCA hourly, alerts every 30 s. */
  public static WazuhSyncState start(String tenant, String connection) {
    return new WazuhSyncState(tenant, connection, 300, 3600, 30, false, new long[3], new int[3]);
  }
}
