package dev.vigil.activities.billing;

import dev.vigil.activities.notify.Notifier;
import dev.vigil.store.billing.Plans.Plan;
import dev.vigil.store.billing.StripeGateway;
import dev.vigil.store.billing.TenantBilling;
import dev.vigil.store.billing.TenantPlans;
import dev.vigil.workflows.billing.BillingActivities;
import dev.vigil.workflows.billing.BillingDecision;
import dev.vigil.workflows.billing.BillingSubscription;
import dev.vigil.workflows.notify.Notification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BillingActivities} against Stripe (stripe-java), {@code tenant_billing} and the routes.
 */
public class BillingActivitiesImpl implements BillingActivities {

  private static final Logger log = LoggerFactory.getLogger(BillingActivitiesImpl.class);

  private final StripeGateway stripe;
  private final TenantPlans plans;
  private final Notifier notifier;

  public BillingActivitiesImpl(StripeGateway stripe, TenantPlans plans, Notifier notifier) {
    this.stripe = stripe;
    this.plans = plans;
    this.notifier = notifier;
  }

  @Override
  public BillingSubscription fetch(String tenant) {
    String customer =
        plans.billing().get(tenant).map(TenantBilling.State::stripeCustomer).orElse(null);
    if (customer == null) {
      return new BillingSubscription("none", null, null);
    }
    StripeGateway.CurrentSubscription s;
    try {
      s = stripe.subscription(customer);
    } catch (StripeGateway.Failed e) {
      if (e.getCause() instanceof com.stripe.exception.InvalidRequestException
          || e.getCause() instanceof com.stripe.exception.AuthenticationException
          || e.getCause() instanceof com.stripe.exception.PermissionException) {
        log.warn("tenant {}: {}", tenant, e.getMessage()); // Stripe masks keys in its messages
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            e.what + " was refused by Stripe; the worker log has Stripe's answer",
            BillingActivities.REFUSED);
      }
      throw e; // Stripe down or failing: retried
    }
    String plan = null;
    if (s.priceId() != null) {
      plan = plans.plans().byPrice(s.priceId()).map(Plan::name).orElse(null);
      if (plan == null) {
        log.warn(
            "tenant {}: subscription {} is at price {}, which no plan is sold at; the tenant gets"
                + " the fallback plan",
            tenant,
            s.id(),
            s.priceId());
      }
    }
    return new BillingSubscription(s.status(), plan, s.id());
  }

  @Override
  public void apply(String tenant, BillingDecision d) {
    Plan plan =
        d.plan() == null
            ? plans.fallback()
            : plans.plans().get(d.plan()).orElseGet(plans::fallback);
    boolean changed =
        plans
            .billing()
            .apply(
                tenant,
                plan.name(),
                d.status(),
                d.subscription(),
                d.graceUntil() == null ? null : Instant.parse(d.graceUntil()),
                d.reason());
    if (changed) {
      log.info(
          "tenant {}: plan {} ({}), {}{}",
          tenant,
          plan.name(),
          d.status(),
          d.reason(),
          d.graceUntil() == null ? "" : ", grace until " + d.graceUntil());
    }
  }

  @Override
  public void notify(String tenant, String kind, String graceUntil, String key) {
    String title;
    String text;
    String fallback = plans.fallback().title();
    switch (kind) {
      case "grace-started" -> {
        title = "A payment failed: the plan is kept until " + graceUntil;
        text =
            "Stripe could not collect the latest payment. The tenant keeps its plan until "
                + graceUntil
                + "; update the payment method under Settings › Billing, or it moves to the "
                + fallback
                + " plan.";
      }
      case "grace-reminder" -> {
        title = "Payment still failing: the plan ends " + graceUntil;
        text =
            "The latest payment is still not collected. Update the payment method under Settings ›"
                + " Billing before "
                + graceUntil
                + ", or the tenant moves to the "
                + fallback
                + " plan.";
      }
      case "payment-recovered" -> {
        title = "Payment received: the plan is active again";
        text = "The payment went through; the tenant's plan is active.";
      }
      case "downgraded" -> {
        title = "The grace period ended: the tenant is on the " + fallback + " plan";
        text =
            "The payment was not collected within the grace period. Subscribe again under Settings"
                + " › Billing to restore the plan's limits and modules.";
      }
      default -> throw new IllegalArgumentException("unknown billing notice " + kind);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    if (graceUntil != null) {
      fields.put("Grace until", graceUntil);
    }
    notifier.send(
        new Notification(
            tenant,
            Notification.BILLING_PAYMENT + "/" + key,
            Notification.BILLING_PAYMENT,
            null,
            title,
            text,
            "/settings/billing",
            fields,
            null));
  }
}
