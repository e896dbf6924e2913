package dev.vigil.workflows.sync;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Keeps one Wazuh connection's cache current: the agents inventory, SCA summaries and alerts, each
 * on its own interval (workflow id {@code sync/{tenant}/{connection}}, queue {@code integrations}).
 * A failing part backs off (30 s doubling to 15 min) while the others go on; alerts catch up from
 * their cursor when the manager is back, so an outage leaves no gap and no duplicate. It continues
 * as new after a bounded number of rounds, so its history stays short. Its history carries the
 * tenant, the connection's name, times and counts — never a secret.
 */
@WorkflowInterface
public interface WazuhSyncWorkflow {

  static String id(String tenant, String connection) {
    return "sync/" + tenant + "/" + connection;
  }

  @WorkflowMethod
  void run(WazuhSyncState state);

  /** No pass starts until {@link #resume}. */
  @SignalMethod
  void pause();

  @SignalMethod
  void resume();

  /** Every part runs now (its backoff forgotten). */
  @SignalMethod
  void syncNow();

  /** Ends the sync (its connection was deleted). */
  @SignalMethod
  void stop();

  @QueryMethod
  WazuhSyncStatus status();
}
