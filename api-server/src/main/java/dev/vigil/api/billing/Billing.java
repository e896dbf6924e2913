package dev.vigil.api.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.RateLimiter;
import dev.vigil.store.billing.BillingProperties;
import dev.vigil.store.billing.Plans.Plan;
import dev.vigil.store.billing.StripeGateway;
import dev.vigil.store.billing.StripeProperties;
import dev.vigil.store.billing.TenantPlans;
import dev.vigil.store.identity.TenantRecord;
import dev.vigil.store.identity.TenantRepository;
import dev.vigil.workflows.billing.BillingSignal;
import dev.vigil.workflows.billing.BillingState;
import dev.vigil.workflows.billing.BillingWorkflow;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Selling plans through Stripe: Checkout and Customer Portal sessions for a tenant's owners and
 * billing admins, its invoices, and Stripe's webhooks — verified on the raw body, taken once per
 * event id, and handed to the tenant's {@link BillingWorkflow}, which decides from the subscription
 * as Stripe has it. Everything here is refused (404) while billing is off.
 */
@Service
public class Billing {

  private static final Logger log = LoggerFactory.getLogger(Billing.class);

  /** Stripe's default signature tolerance: an event signed longer ago is refused as a replay. */
  static final long TOLERANCE_SECONDS = 300;

  /** The events that can change a tenant's plan; others are acknowledged and ignored. */
  static final Set<String> HANDLED =
      Set.of(
          "checkout.session.completed",
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "invoice.paid",
          "invoice.payment_failed");

  /** Statuses of a subscription that still bills the tenant. */
  static final Set<String> LIVE = Set.of("active", "trialing", "past_due");

  /** Refused webhooks are audited up to this rate; beyond it (a flood) they are only logged. */
  private final RateLimiter refusedAudits =
      new RateLimiter("refused Stripe webhooks", 60, java.time.Duration.ofMinutes(1));

  /** What the webhook did with an event: {@code taken}, {@code duplicate} or {@code ignored}. */
  public record WebhookResult(String id, String type, String outcome) {}

  private final TenantPlans plans;
  private final StripeGateway stripe;
  private final StripeProperties props;
  private final BillingProperties billing;
  private final TenantRepository tenants;
  private final WorkflowClient temporal;
  private final Audit audit;
  private final ObjectMapper json = new ObjectMapper();

  public Billing(
      TenantPlans plans,
      StripeGateway stripe,
      StripeProperties props,
      BillingProperties billing,
      TenantRepository tenants,
      WorkflowClient temporal,
      Audit audit) {
    this.plans = plans;
    this.stripe = stripe;
    this.props = props;
    this.billing = billing;
    this.tenants = tenants;
    this.temporal = temporal;
    this.audit = audit;
  }

  private void requireOn() {
    if (!stripe.enabled()) {
      throw ApiException.notFound(
          "billing is off on this installation (no VIGIL_STRIPE_SECRET_KEY): every tenant has the"
              + " '"
              + plans.fallback().name()
              + "' plan");
    }
  }

  /**
   * A Stripe Checkout session subscribing the tenant to {@code planName}; answers its URL. The
   * tenant's Stripe customer is created on first use.
   */
  public String checkout(Actor actor, String planName, String origin) {
    requireOn();
    if (planName == null || planName.isBlank()) {
      throw ApiException.invalid("/plan", "name the plan to subscribe to");
    }
    Plan plan =
        plans
            .plans()
            .get(planName)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "/plan",
                        "unknown plan '" + planName + "'; plans: " + plans.plans().all().keySet()));
    if (plan.stripePriceId() == null) {
      throw ApiException.invalid("/plan", "the " + plan.title() + " plan is not sold");
    }
    var current = plans.billing().get(actor.tenant()).orElse(null);
    if (current != null && current.subscription() != null && LIVE.contains(current.status())) {
      // a second subscription would charge twice: plan changes of a live one go through Stripe
      throw ApiException.conflict(
          "already-subscribed",
          "the tenant already has a subscription ("
              + current.plan()
              + ", "
              + current.status()
              + "): change its plan or payment in the Customer Portal");
    }
    String customer = customer(actor);
    String back = returnUrl(origin);
    String url;
    try {
      url =
          stripe.checkout(
              actor.tenant(),
              customer,
              plan.stripePriceId(),
              back + "?checkout=success",
              back + "?checkout=canceled",
              "vigil-checkout-" + UUID.randomUUID());
    } catch (StripeGateway.Failed e) {
      audit.record(actor, "billing.checkout", "plan:" + planName, Audit.FAILED, Map.of());
      throw stripeFailed(e);
    }
    audit.record(
        actor,
        "billing.checkout",
        "plan:" + planName,
        Audit.SUCCESS,
        Map.of("customer", customer, "price", plan.stripePriceId()));
    return url;
  }

  /** A Customer Portal session for the tenant (payment method, invoices, cancel); its URL. */
  public String portal(Actor actor, String origin) {
    requireOn();
    String customer = customer(actor);
    String url;
    try {
      url = stripe.portal(customer, returnUrl(origin), "vigil-portal-" + UUID.randomUUID());
    } catch (StripeGateway.Failed e) {
      audit.record(actor, "billing.portal", "tenant:" + actor.tenant(), Audit.FAILED, Map.of());
      throw stripeFailed(e);
    }
    audit.record(
        actor,
        "billing.portal",
        "tenant:" + actor.tenant(),
        Audit.SUCCESS,
        Map.of("customer", customer));
    return url;
  }

  /** The tenant's latest invoices from Stripe; none before its first checkout. */
  public List<StripeGateway.InvoiceView> invoices(Actor actor) {
    requireOn();
    String customer = plans.billing().get(actor.tenant()).map(s -> s.stripeCustomer()).orElse(null);
    if (customer == null) {
      return List.of();
    }
    try {
      return stripe.invoices(customer);
    } catch (StripeGateway.Failed e) {
      throw stripeFailed(e);
    }
  }

  /** Stripe's own words stay in the log (they may name the key); the caller learns what failed. */
  private static ApiException stripeFailed(StripeGateway.Failed e) {
    log.warn("Stripe: {}", e.getMessage());
    return ApiException.badGateway(
        e.what + " failed at Stripe; the server log has Stripe's answer");
  }

  private String customer(Actor actor) {
    String name = tenants.find(actor.tenant()).map(TenantRecord::name).orElse(actor.tenant());
    try {
      return stripe.customer(actor.tenant(), name, plans.fallback().name());
    } catch (StripeGateway.Failed e) {
      throw stripeFailed(e);
    }
  }

  private String returnUrl(String origin) {
    String base = billing.returnUrl() != null ? billing.returnUrl() : origin;
    return base.replaceAll("/+$", "") + "/settings/billing";
  }

  /**
   * Takes one of Stripe's webhook events: verifies its signature over the raw body (a bad, missing
   * or stale one is 400 and audited), takes it once by event id, finds the tenant from the Stripe
   * customer Vigil created for it, and signals that tenant's {@link BillingWorkflow} (starting it
   * when needed). Taking the id and signalling are one step: when the signal fails, the event is
   * not marked taken and Stripe's retry is handled.
   */
  public WebhookResult webhook(byte[] body, String signature) {
    requireOn();
    if (props.webhookSecret() == null) {
      throw ApiException.unavailable(
          "VIGIL_STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified");
    }
    String payload = new String(body, StandardCharsets.UTF_8);
    com.stripe.model.Event event;
    try {
      event = Webhook.constructEvent(payload, signature, props.webhookSecret(), TOLERANCE_SECONDS);
    } catch (SignatureVerificationException e) {
      rejected(e.getMessage());
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "bad-signature",
          "the Stripe-Signature header does not verify: " + e.getMessage(),
          List.of(new ApiException.FieldError("/Stripe-Signature", e.getMessage(), null)));
    } catch (RuntimeException e) { // not an event at all (verified bytes that are not JSON)
      rejected("not a Stripe event: " + e.getMessage());
      throw ApiException.invalid("", "the body is not a Stripe event");
    }
    String type = event.getType();
    String customer = customerOf(payload);
    String tenant =
        customer == null ? null : plans.billing().tenantOfCustomer(customer).orElse(null);
    if (HANDLED.contains(type) && tenant == null) {
      // not taken: should the customer become a tenant's, Stripe's retry is handled then
      log.info(
          "Stripe event {} ({}) ignored: no tenant has customer {}", event.getId(), type, customer);
      return new WebhookResult(event.getId(), type, "ignored");
    }
    if (!HANDLED.contains(type)) {
      boolean first = plans.billing().takeEvent(event.getId(), type, tenant, () -> {});
      log.info(
          "Stripe event {} ({}) ignored: {}",
          event.getId(),
          type,
          tenant == null ? "no tenant has customer " + customer : "not an event Vigil handles");
      return new WebhookResult(event.getId(), type, first ? "ignored" : "duplicate");
    }
    boolean first =
        plans
            .billing()
            .takeEvent(event.getId(), type, tenant, () -> signal(tenant, event.getId(), type));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("event", event.getId());
    details.put("type", type);
    details.put("customer", customer);
    audit.record(
        Actor.system(tenant),
        "billing.webhook",
        "stripe-event:" + event.getId(),
        first ? Audit.SUCCESS : "duplicate",
        details);
    return new WebhookResult(event.getId(), type, first ? "taken" : "duplicate");
  }

  private void rejected(String reason) {
    log.warn("Stripe webhook refused: {}", reason);
    if (!refusedAudits.tryAcquire("stripe")) {
      return; // a flood of forgeries is logged, not written to the audit chain one by one
    }
    audit.record(
        Actor.system(Actor.DEFAULT_TENANT),
        "billing.webhook",
        "stripe-webhook",
        Audit.REJECTED,
        Map.of("reason", reason));
  }

  /** The Stripe customer the event's object belongs to ({@code customer}, or a customer's id). */
  private String customerOf(String payload) {
    try {
      JsonNode object = json.readTree(payload).path("data").path("object");
      if ("customer".equals(object.path("object").asText())) {
        return object.path("id").asText(null);
      }
      JsonNode c = object.path("customer");
      return c.isTextual() ? c.asText() : c.path("id").asText(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private void signal(String tenant, String eventId, String type) {
    BillingWorkflow stub =
        temporal.newWorkflowStub(
            BillingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BillingWorkflow.id(tenant))
                .setTaskQueue(TaskQueues.BILLING)
                .build());
    BatchRequest request = temporal.newSignalWithStartRequest();
    request.add(stub::run, BillingState.start(tenant, billing.graceDays()));
    request.add(stub::stripeEvent, new BillingSignal(eventId, type));
    temporal.signalWithStart(request);
  }
}
