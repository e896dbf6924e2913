package dev.vigil.workflows.notify;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one notification (workflow id {@code notify/{tenant}/{key}}, queue {@code
 * integrations}): to every route that matches, in parallel, each retried with backoff for about an
 * hour while its channel is down, then recorded as failed — one channel's outage never holds up
 * another, nor the run or incident that caused the notification. Started at most once per key, so a
 * producer that retries sends nothing twice.
 */
@WorkflowInterface
public interface NotifyWorkflow {

  static String id(String tenant, String key) {
    return "notify/" + tenant + "/" + key;
  }

  @WorkflowMethod
  void run(Notification notification);
}
