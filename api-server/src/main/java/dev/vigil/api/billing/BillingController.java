package dev.vigil.api.billing;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.Requires;
import dev.vigil.store.billing.StripeGateway;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Checkout, the Customer Portal, invoices, and Stripe's webhook endpoint. */
@RestController
public class BillingController {

  /** The body of a checkout request. */
  public record CheckoutRequest(String plan) {}

  public record Redirect(String url) {}

  private final Billing billing;

  public BillingController(Billing billing) {
    this.billing = billing;
  }

  @PostMapping("/api/v1/billing/checkout-session")
  @Requires(Permission.BILLING_MANAGE)
  public Redirect checkout(Actor actor, @RequestBody CheckoutRequest body) {
    return new Redirect(billing.checkout(actor, body == null ? null : body.plan(), origin()));
  }

  @PostMapping("/api/v1/billing/portal-session")
  @Requires(Permission.BILLING_MANAGE)
  public Redirect portal(Actor actor) {
    return new Redirect(billing.portal(actor, origin()));
  }

  @GetMapping("/api/v1/billing/invoices")
  @Requires(Permission.BILLING_MANAGE)
  public Map<String, List<StripeGateway.InvoiceView>> invoices(Actor actor) {
    return Map.of("items", billing.invoices(actor));
  }

  /** Stripe's webhook endpoint: not signed in — Stripe signs the raw body instead. */
  @PostMapping(value = "/api/v1/billing/webhook", consumes = "*/*")
  @Public
  public Billing.WebhookResult webhook(
      @RequestBody byte[] body,
      @RequestHeader(value = "Stripe-Signature", required = false) String signature) {
    return billing.webhook(body, signature == null ? "" : signature);
  }

  private static String origin() {
    return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
  }
}
