package dev.vigil.workflows.billing;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link BillingWorkflow} asks of the worker; each is safe to retry. */
@ActivityInterface
public interface BillingActivities {

  /**
   * The tenant's subscription as Stripe has it now (its customer's live subscription, else the
   * newest), with the plan its price is sold as.
   */
  @ActivityMethod(name = "BillingFetchSubscription")
  BillingSubscription fetch(String tenant);

  /**
   * Records the decision on the tenant ({@code tenant_billing}); a plan change is audited (actor
   * {@code vigil}) in the same transaction. Writing the same decision twice changes nothing.
   */
  @ActivityMethod(name = "BillingApply")
  void apply(String tenant, BillingDecision decision);

  /**
   * Sends a billing notice through the tenant's notification routes, once per {@code key}.
   *
   * @param kind {@code grace-started}, {@code grace-reminder}, {@code payment-recovered} or {@code
   *     downgraded}
   */
  @ActivityMethod(name = "BillingNotify")
  void notify(String tenant, String kind, String graceUntil, String key);
}
