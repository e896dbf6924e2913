package dev.vigil.workflows.billing;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What {@link BillingWorkflow} asks of the worker; each is safe to retry. */
@ActivityInterface
public interface BillingActivities {

  /** The failure type of a request Stripe refused: retrying it would not change the answer. */
  String REFUSED = "StripeRefused";

  /**
   * The tenant's subscription as Stripe has it now (paid before failing before unfinished before
   * ended, the newest within each), with the plan its price is sold as. Stripe unreachable or
   * failing is retried; Stripe refusing the request (a revoked key, a deleted customer) is a
   * non-retryable {@link #REFUSED} failure, on which the workflow decides nothing.
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
