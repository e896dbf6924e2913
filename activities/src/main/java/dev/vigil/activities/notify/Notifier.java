package dev.vigil.activities.notify;

import dev.vigil.workflows.notify.Notification;
import dev.vigil.workflows.notify.Notifications;
import io.temporal.client.WorkflowClient;

/**
 * Hands a notification to the tenant's routes: starts its {@code NotifyWorkflow} (once per key, so
 * a producer's retry sends nothing twice).
 */
@FunctionalInterface
public interface Notifier {

  /** For tests and tools that route nothing. */
  Notifier NONE = n -> {};

  void send(Notification n);

  static Notifier through(WorkflowClient client) {
    return n -> Notifications.send(client, n);
  }
}
