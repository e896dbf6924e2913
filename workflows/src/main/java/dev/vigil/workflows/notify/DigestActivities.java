package dev.vigil.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The daily digest of pending approvals. */
@ActivityInterface
public interface DigestActivities {

  /**
   * Hands each tenant that routes {@code approval.digest} and has approvals pending one
   * notification (key {@code approval.digest/<day>}) listing them; returns how many tenants were
   * sent one.
   *
   * @param day the digest's day (ISO date, UTC), part of each notification's key so a retry sends
   *     nothing twice
   */
  @ActivityMethod(name = "SendApprovalDigests")
  int send(String day);
}
