package dev.vigil.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Delivery of notifications through the tenant's routes and channels (connections of provider
 * slack, smtp, webhook or pagerduty), each resolved on the worker so that no secret enters a
 * workflow's history.
 */
@ActivityInterface
public interface NotifyActivities {

  /** The names of the tenant's enabled routes that send {@code n}'s event and severity. */
  @ActivityMethod(name = "NotifyRoutes")
  List<String> routes(Notification n);

  /**
   * Sends {@code n} through route {@code route} and records the delivery (with what the channel
   * answered, e.g. a Slack message's channel and ts). Idempotent: a notification already sent
   * through the route is not sent again. Fails (and is retried) while the channel refuses or does
   * not answer.
   */
  @ActivityMethod(name = "NotifyDeliver")
  void deliver(Notification n, String route);

  /** Records that {@code route} gave up on {@code n} after its retries, with why. */
  @ActivityMethod(name = "NotifyFailed")
  void failed(Notification n, String route, String error);

  /**
   * An approval was decided: updates the Slack messages its opening and escalations posted, so they
   * show the outcome and who decided instead of the buttons. Returns how many were updated.
   */
  @ActivityMethod(name = "NotifyApprovalDecided")
  int approvalDecided(Notification n);
}
