package dev.vigil.store.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.SubscriptionListParams;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Vigil's calls to Stripe, through stripe-java: one customer per tenant (created on first use,
 * {@code metadata.tenant} naming it), Checkout and Customer Portal sessions, the customer's
 * subscription as Stripe has it now, its invoices. Every write carries an idempotency key, so a
 * retried request never creates a second customer or session.
 */
public class StripeGateway {

  /** Stripe failed or refused; the message is Stripe's, never a key. */
  public static final class Failed extends RuntimeException {
    /** What Vigil was doing, e.g. "creating the Checkout session". */
    public final String what;

    public Failed(String what, StripeException e) {
      super(what + ": " + e.getMessage(), e);
      this.what = what;
    }
  }

  /**
   * The tenant's subscription as Stripe has it now.
   *
   * @param status Stripe's status ({@code active}, {@code trialing}, {@code past_due}, {@code
   *     unpaid}, {@code canceled}, {@code incomplete}, {@code incomplete_expired}, {@code paused}),
   *     or {@code none} when the customer has no subscription
   * @param priceId the price of its first item, or null
   */
  public record CurrentSubscription(String customer, String id, String status, String priceId) {

    /** Paid for: the plan applies. */
    public boolean paid() {
      return Set.of("active", "trialing").contains(status);
    }

    /** A payment failed and Stripe is still retrying it: the grace period runs. */
    public boolean failing() {
      return Set.of("past_due", "unpaid").contains(status);
    }
  }

  /** One invoice, as the Billing screen lists it. */
  public record InvoiceView(
      String id,
      String number,
      String status,
      long amountDue,
      long amountPaid,
      String currency,
      Instant created,
      String hostedUrl,
      String pdfUrl) {}

  private final StripeClient stripe;
  private final TenantBilling billing;

  /** Off (every call refused) unless {@code props} has a secret key. */
  public StripeGateway(StripeProperties props, TenantBilling billing) {
    this.stripe = props.client();
    this.billing = billing;
  }

  /** Whether Vigil sells plans through Stripe. */
  public boolean enabled() {
    return stripe != null;
  }

  private StripeClient stripe() {
    if (stripe == null) {
      throw new IllegalStateException("billing is off: VIGIL_STRIPE_SECRET_KEY is not set");
    }
    return stripe;
  }

  /**
   * The tenant's Stripe customer, created on first use ({@code name}, {@code metadata.tenant}) with
   * an idempotency key derived from the tenant, so two first uses at once create one.
   */
  public String customer(String tenant, String name, String plan) {
    var known = billing.get(tenant).map(TenantBilling.State::stripeCustomer);
    if (known.isPresent() && known.get() != null) {
      return known.get();
    }
    try {
      var created =
          stripe()
              .v1()
              .customers()
              .create(
                  CustomerCreateParams.builder()
                      .setName(name)
                      .putMetadata("tenant", tenant)
                      .build(),
                  key("vigil-customer-" + tenant));
      return billing.recordCustomer(tenant, plan, created.getId());
    } catch (StripeException e) {
      throw new Failed("creating the Stripe customer", e);
    }
  }

  /** A Checkout session subscribing the customer to {@code priceId}; answers its URL. */
  public String checkout(
      String tenant,
      String customer,
      String priceId,
      String successUrl,
      String cancelUrl,
      String idempotencyKey) {
    var params =
        com.stripe.param.checkout.SessionCreateParams.builder()
            .setMode(com.stripe.param.checkout.SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(customer)
            .setClientReferenceId(tenant)
            .putMetadata("tenant", tenant)
            .addLineItem(
                com.stripe.param.checkout.SessionCreateParams.LineItem.builder()
                    .setPrice(priceId)
                    .setQuantity(1L)
                    .build())
            .setSubscriptionData(
                com.stripe.param.checkout.SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("tenant", tenant)
                    .build())
            .setSuccessUrl(successUrl)
            .setCancelUrl(cancelUrl)
            .build();
    try {
      return stripe().v1().checkout().sessions().create(params, key(idempotencyKey)).getUrl();
    } catch (StripeException e) {
      throw new Failed("creating the Checkout session", e);
    }
  }

  /** A Customer Portal session for the customer; answers its URL. */
  public String portal(String customer, String returnUrl, String idempotencyKey) {
    var params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(customer)
            .setReturnUrl(returnUrl)
            .build();
    try {
      return stripe().v1().billingPortal().sessions().create(params, key(idempotencyKey)).getUrl();
    } catch (StripeException e) {
      throw new Failed("creating the Customer Portal session", e);
    }
  }

  /**
   * The customer's subscription now: a paid one first, then one whose payment is failing, then any
   * other live one (incomplete, paused), then an ended one; the newest first within each — so a
   * second, unfinished checkout never hides the subscription the tenant pays for. {@code none} when
   * there is none.
   */
  public CurrentSubscription subscription(String customer) {
    try {
      List<Subscription> all =
          stripe()
              .v1()
              .subscriptions()
              .list(
                  SubscriptionListParams.builder()
                      .setCustomer(customer)
                      .setStatus(SubscriptionListParams.Status.ALL)
                      .setLimit(20L)
                      .build())
              .getData();
      Optional<Subscription> chosen =
          all.stream()
              .min(
                  Comparator.comparing((Subscription s) -> rank(s.getStatus()))
                      .thenComparing(
                          s -> s.getCreated() == null ? 0L : s.getCreated(),
                          Comparator.reverseOrder()));
      return chosen
          .map(s -> new CurrentSubscription(customer, s.getId(), s.getStatus(), price(s)))
          .orElse(new CurrentSubscription(customer, null, "none", null));
    } catch (StripeException e) {
      throw new Failed("reading the subscription", e);
    }
  }

  /** The customer's latest invoices, newest first (at most 24). */
  public List<InvoiceView> invoices(String customer) {
    try {
      return stripe()
          .v1()
          .invoices()
          .list(InvoiceListParams.builder().setCustomer(customer).setLimit(24L).build())
          .getData()
          .stream()
          .map(StripeGateway::view)
          .toList();
    } catch (StripeException e) {
      throw new Failed("listing invoices", e);
    }
  }

  private static InvoiceView view(Invoice i) {
    return new InvoiceView(
        i.getId(),
        i.getNumber(),
        i.getStatus(),
        i.getAmountDue() == null ? 0 : i.getAmountDue(),
        i.getAmountPaid() == null ? 0 : i.getAmountPaid(),
        i.getCurrency(),
        i.getCreated() == null ? null : Instant.ofEpochSecond(i.getCreated()),
        i.getHostedInvoiceUrl(),
        i.getInvoicePdf());
  }

  private static int rank(String status) {
    CurrentSubscription s = new CurrentSubscription(null, null, status, null);
    if (s.paid()) {
      return 0;
    }
    if (s.failing()) {
      return 1;
    }
    return Set.of("canceled", "incomplete_expired").contains(status) ? 3 : 2;
  }

  private static String price(Subscription s) {
    if (s.getItems() == null || s.getItems().getData() == null) {
      return null;
    }
    return s.getItems().getData().stream()
        .map(SubscriptionItem::getPrice)
        .filter(p -> p != null && p.getId() != null)
        .map(com.stripe.model.Price::getId)
        .findFirst()
        .orElse(null);
  }

  private static RequestOptions key(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }
}
