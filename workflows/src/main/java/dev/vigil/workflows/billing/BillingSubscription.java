package dev.vigil.workflows.billing;

/**
 * The tenant's subscription as Stripe has it now.
 *
 * @param status Stripe's status, or {@code none} without a subscription
 * @param plan the Vigil plan its price is sold as, or null (none, or a price no plan has)
 */
public record BillingSubscription(String status, String plan, String subscription) {

  /** Paid for: the plan applies. */
  public boolean paid() {
    return "active".equals(status) || "trialing".equals(status);
  }

  /** A payment failed and Stripe still retries it: the grace period runs. */
  public boolean failing() {
    return "past_due".equals(status) || "unpaid".equals(status);
  }
}
