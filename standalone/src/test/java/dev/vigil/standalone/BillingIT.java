package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.playbook.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Billing on, against a local server answering as Stripe's API: Checkout, the signed webhook that
 * makes the plan active (and unlocks modules at once, no restart), a failed payment's grace period
 * and its end by an {@code invoice.paid}, the Customer Portal and invoices, and the webhooks that
 * must change nothing: replayed, forged, stale and out of order. The grace period running out is
 * {@code BillingWorkflowTest}'s (time-skipping).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingIT {

  static StripeStub stripe;
  static Standalone vigil;
  static Api api;
  static String customer;

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    stripe = new StripeStub();
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args(stripe.args()));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
    stripe.close();
  }

  @Test
  @Order(1)
  void aTenantStartsOnFreeAndCheckoutSubscribesItToAPlanWithIdempotentStripeWrites()
      throws Exception {
    JsonNode before = api.get("/api/v1/entitlements", "admin").json();
    assertThat(before.at("/billing").asBoolean()).isTrue();
    assertThat(before.at("/plan").asText()).isEqualTo("free");
    assertThat(api.get("/api/v1/scans", "admin").status()).isEqualTo(402);
    Api.Res locked = api.post("/api/v1/playbooks", "admin", playbook());
    assertThat(locked.status()).as(locked.text()).isEqualTo(402);
    assertThat(locked.at("/type").asText()).endsWith("/plan-module");
    assertThat(locked.at("/module").asText()).isEqualTo("advanced_playbooks");
    assertThat(locked.at("/upgradeTo").asText()).isEqualTo("pro");

    Api.Res refused = api.post("/api/v1/billing/checkout-session", "ana", "{\"plan\": \"pro\"}");
    assertThat(refused.status()).as("analysts do not buy plans").isEqualTo(403);
    // the owner and ana: one more member is the free plan's third, the next is refused
    assertThat(api.post("/api/v1/users", "admin", member("bill-a")).status()).isEqualTo(201);
    Api.Res fourth = api.post("/api/v1/users", "admin", member("bill-b"));
    assertThat(fourth.json())
        .as("the 402 docs/billing.md shows")
        .isEqualTo(Json.parse(DocExamples.json("billing.md", "plan-limit")));
    Api.Res unknown = api.post("/api/v1/billing/checkout-session", "admin", "{\"plan\": \"gold\"}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.at("/errors/0/pointer").asText()).isEqualTo("/plan");
    Api.Res notSold = api.post("/api/v1/billing/checkout-session", "admin", "{\"plan\": \"free\"}");
    assertThat(notSold.status()).isEqualTo(422);
    assertThat(stripe.requests).as("refused before Stripe is called").isEmpty();

    Api.Res checkout = api.post("/api/v1/billing/checkout-session", "admin", "{\"plan\": \"pro\"}");
    assertThat(checkout.status()).as(checkout.text()).isEqualTo(200);
    assertThat(checkout.at("/url").asText()).startsWith("https://checkout.stripe.com/c/pay/cs_");
    Api.Res again = api.post("/api/v1/billing/checkout-session", "admin", "{\"plan\": \"basic\"}");
    assertThat(again.status()).isEqualTo(200);

    List<StripeStub.Request> customers = stripe.calls("POST", "/v1/customers");
    assertThat(customers).as("one Stripe customer per tenant, created on first use").hasSize(1);
    assertThat(customers.get(0).params()).containsEntry("metadata[tenant]", "default");
    assertThat(customers.get(0).idempotencyKey()).isEqualTo("vigil-customer-default");
    List<StripeStub.Request> sessions = stripe.calls("POST", "/v1/checkout/sessions");
    assertThat(sessions).hasSize(2);
    StripeStub.Request first = sessions.get(0);
    customer = first.params().get("customer");
    assertThat(customer).startsWith("cus_");
    assertThat(first.params())
        .containsEntry("mode", "subscription")
        .containsEntry("line_items[0][price]", "price_pro_monthly")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("client_reference_id", "default")
        .containsEntry("subscription_data[metadata][tenant]", "default");
    assertThat(first.params().get("success_url")).endsWith("/settings/billing?checkout=success");
    assertThat(sessions.get(1).params())
        .containsEntry("line_items[0][price]", "price_basic_monthly");
    assertThat(sessions.get(0).idempotencyKey())
        .as("a new key per checkout, the same across stripe-java's retries of it")
        .isNotBlank()
        .isNotEqualTo(sessions.get(1).idempotencyKey());
    assertThat(
            api.get("/api/v1/audit?action=billing.checkout", "admin")
                .at("/items")
                .findValuesAsText("target"))
        .contains("plan:pro", "plan:basic");

    // Stripe completes the checkout: the subscription is active, the webhook says so
    stripe.subscription(customer, "sub_pro", "active", "price_pro_monthly");
    Api.Res hook =
        webhook("evt_checkout", "checkout.session.completed", object("checkout.session", "cs_1"));
    assertThat(hook.status()).as(hook.text()).isEqualTo(200);
    assertThat(hook.at("/outcome").asText()).isEqualTo("taken");
    JsonNode pro = awaitEntitlements(e -> e.at("/plan").asText().equals("pro"));
    assertThat(pro.at("/status").asText()).isEqualTo("active");
    assertThat(pro.at("/limits/members").asLong()).isEqualTo(50);
    assertThat(pro.at("/modules").toString()).contains("advanced_playbooks", "scans");

    // the upgrade applies at once, no restart: the modules the free plan locked are open
    assertThat(api.get("/api/v1/scans", "admin").status()).isEqualTo(200);
    Api.Res published = api.post("/api/v1/playbooks", "admin", playbook());
    assertThat(published.status()).as(published.text()).isEqualTo(201);
    assertThat(stripe.requests.stream().filter(r -> r.method().equals("POST")))
        .as("every write to Stripe carries an idempotency key")
        .allMatch(r -> r.idempotencyKey() != null && !r.idempotencyKey().isBlank());
    assertThat(stripe.unauthorized()).isZero();
  }

  @Test
  @Order(2)
  void aReplayedEventIsTakenOnceAndChangesNothing() {
    int fetches = stripe.calls("GET", "/v1/subscriptions").size();
    Api.Res replay =
        webhook("evt_checkout", "checkout.session.completed", object("checkout.session", "cs_1"));
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.at("/outcome").asText()).isEqualTo("duplicate");
    // an event of a customer no tenant has is not kept: were it to become one's, the retry counts
    String stranger =
        StripeStub.event(
            "evt_stranger",
            "invoice.paid",
            now(),
            StripeStub.object("invoice", "in_9", "cus_nobody"));
    assertThat(post(stranger).at("/outcome").asText()).isEqualTo("ignored");
    assertThat(post(stranger).at("/outcome").asText()).isEqualTo("ignored");
    // a tenant that pays for a plan changes it in the Customer Portal, not by a second checkout
    Api.Res second = api.post("/api/v1/billing/checkout-session", "admin", "{\"plan\": \"basic\"}");
    assertThat(second.status()).as(second.text()).isEqualTo(409);
    assertThat(second.at("/type").asText()).endsWith("/already-subscribed");
    Api.Res later = webhook("evt_other", "charge.succeeded", object("charge", "ch_1"));
    assertThat(later.at("/outcome").asText()).as("not an event Vigil acts on").isEqualTo("ignored");
    assertThat(stripe.calls("GET", "/v1/subscriptions"))
        .as("the duplicate was not handed to the billing workflow")
        .hasSize(fetches);
    assertThat(api.get("/api/v1/entitlements", "admin").at("/plan").asText()).isEqualTo("pro");
    List<String> outcomes =
        api.get("/api/v1/audit?action=billing.webhook", "admin")
            .at("/items")
            .findValuesAsText("outcome");
    assertThat(outcomes).contains("success", "duplicate");
  }

  @Test
  @Order(3)
  void forgedStaleAndUnsignedWebhooksAreRefusedAndAudited() {
    // a subscription that would downgrade the tenant, were any of these believed
    stripe.subscription(customer, "sub_pro", "canceled", "price_pro_monthly");
    String payload =
        StripeStub.event(
            "evt_forged",
            "customer.subscription.deleted",
            now(),
            object("subscription", "sub_pro"));
    long t = now();
    Api.Res forged = post(payload, StripeStub.sign(payload, t, "whsec_not_the_secret"));
    assertThat(forged.status()).as(forged.text()).isEqualTo(400);
    assertThat(forged.at("/type").asText()).endsWith("/bad-signature");
    assertThat(forged.at("/errors/0/pointer").asText()).isEqualTo("/Stripe-Signature");
    Api.Res stale = post(payload, StripeStub.sign(payload, t - 301, StripeStub.WEBHOOK_SECRET));
    assertThat(stale.status()).as("signed, but longer ago than the 300 s tolerance").isEqualTo(400);
    Api.Res tampered =
        post(
            payload.replace("evt_forged", "evt_tampered"),
            StripeStub.sign(payload, t, StripeStub.WEBHOOK_SECRET));
    assertThat(tampered.status()).isEqualTo(400);
    Api.Res unsigned = post(payload, null);
    assertThat(unsigned.status()).isEqualTo(400);
    assertThat(
            api.get("/api/v1/audit?action=billing.webhook&outcome=rejected", "admin")
                .at("/items")
                .size())
        .isGreaterThanOrEqualTo(4);
    assertThat(api.get("/api/v1/entitlements", "admin").at("/plan").asText())
        .as("nothing a refused webhook said was acted on")
        .isEqualTo("pro");
    stripe.subscription(customer, "sub_pro", "active", "price_pro_monthly");
  }

  @Test
  @Order(4)
  void aFailedPaymentStartsTheGracePeriodAndAPaidInvoiceEndsIt() {
    stripe.subscription(customer, "sub_pro", "past_due", "price_pro_monthly");
    webhook("evt_failed", "invoice.payment_failed", object("invoice", "in_2"));
    JsonNode grace = awaitEntitlements(e -> e.at("/status").asText().equals("past_due"));
    assertThat(grace.at("/plan").asText()).as("the plan is kept during grace").isEqualTo("pro");
    Instant until = Instant.parse(grace.at("/graceUntil").asText());
    assertThat(until)
        .isBetween(
            Instant.now().plusSeconds(7 * 86400 - 600), Instant.now().plusSeconds(7 * 86400 + 600));
    assertThat(api.get("/api/v1/scans", "admin").status()).isEqualTo(200);

    stripe.subscription(customer, "sub_pro", "active", "price_pro_monthly");
    webhook("evt_paid", "invoice.paid", object("invoice", "in_2"));
    JsonNode paid = awaitEntitlements(e -> e.at("/status").asText().equals("active"));
    assertThat(paid.at("/graceUntil").isNull() || paid.at("/graceUntil").isMissingNode()).isTrue();
    assertThat(paid.at("/plan").asText()).isEqualTo("pro");
  }

  @Test
  @Order(5)
  void eventsOutOfOrderAreDecidedFromTheSubscriptionAsStripeHasItNow() {
    // the subscription was cancelled; its "deleted" event arrives before an older "updated"
    // one that still says active: the tenant ends on free whatever the order
    stripe.subscription(customer, "sub_pro", "canceled", "price_pro_monthly");
    ObjectNode old = object("subscription", "sub_pro");
    old.put("status", "active");
    webhook("evt_deleted", "customer.subscription.deleted", object("subscription", "sub_pro"));
    awaitEntitlements(e -> e.at("/plan").asText().equals("free"));
    int fetches = stripe.calls("GET", "/v1/subscriptions").size();
    Api.Res late =
        post(event("evt_updated_old", "customer.subscription.updated", now() - 120, old));
    assertThat(late.at("/outcome").asText()).isEqualTo("taken");
    long end = System.nanoTime() + 30_000_000_000L;
    while (stripe.calls("GET", "/v1/subscriptions").size() == fetches && System.nanoTime() < end) {
      sleep();
    }
    assertThat(stripe.calls("GET", "/v1/subscriptions").size())
        .as("the late event made the workflow look at Stripe again")
        .isGreaterThan(fetches);
    sleep();
    JsonNode after = api.get("/api/v1/entitlements", "admin").json();
    assertThat(after.at("/plan").asText()).isEqualTo("free");
    assertThat(after.at("/status").asText()).isEqualTo("canceled");
    assertThat(api.get("/api/v1/scans", "admin").status()).as("locked again").isEqualTo(402);
  }

  @Test
  @Order(7)
  void aRequestStripeRefusesDecidesNothingAndTheNextEventIsHandled() {
    stripe.customerDeleted = true;
    int fetches = stripe.calls("GET", "/v1/subscriptions").size();
    webhook("evt_refused", "customer.subscription.updated", object("subscription", "sub_pro"));
    long end = System.nanoTime() + 30_000_000_000L;
    while (stripe.calls("GET", "/v1/subscriptions").size() == fetches && System.nanoTime() < end) {
      sleep();
    }
    sleep();
    assertThat(api.get("/api/v1/entitlements", "admin").at("/plan").asText()).isEqualTo("free");
    // not retried for ever: the workflow takes the next event at once
    stripe.customerDeleted = false;
    stripe.subscription(customer, "sub_pro2", "active", "price_pro_monthly");
    webhook(
        "evt_resubscribed", "customer.subscription.created", object("subscription", "sub_pro2"));
    awaitEntitlements(e -> e.at("/plan").asText().equals("pro"));
  }

  @Test
  @Order(6)
  void thePortalAndTheInvoicesComeFromStripe() {
    stripe.invoice(customer, "in_1", "paid", 4900);
    stripe.invoice(customer, "in_2", "open", 4900);
    Api.Res portal = api.post("/api/v1/billing/portal-session", "admin", "{}");
    assertThat(portal.status()).as(portal.text()).isEqualTo(200);
    assertThat(portal.at("/url").asText()).startsWith("https://billing.stripe.com/p/session/");
    StripeStub.Request sent = stripe.calls("POST", "/v1/billing_portal/sessions").get(0);
    assertThat(sent.params()).containsEntry("customer", customer);
    assertThat(sent.params().get("return_url")).endsWith("/settings/billing");
    assertThat(sent.idempotencyKey()).isNotBlank();

    Api.Res invoices = api.get("/api/v1/billing/invoices", "admin");
    assertThat(invoices.status()).as(invoices.text()).isEqualTo(200);
    assertThat(invoices.at("/items").findValuesAsText("number"))
        .containsExactly("VIGIL-1", "VIGIL-2");
    assertThat(invoices.at("/items/0/amountPaid").asLong()).isEqualTo(4900);
    assertThat(invoices.at("/items/1/status").asText()).isEqualTo("open");
    assertThat(invoices.at("/items/0/pdfUrl").asText()).endsWith("/pdf");
    assertThat(api.get("/api/v1/billing/invoices", "ana").status()).isEqualTo(403);
  }

  static String member(String name) {
    return "{\"username\": \""
        + name
        + "\", \"role\": \"analyst\", \"password\": \""
        + Api.PASSWORD
        + "\"}";
  }

  static String playbook() {
    return "{\"key\": \"billing-pb\", \"title\": \"B\", \"steps\": [{\"id\": \"ok\", \"approval\":"
        + " {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"owner\"]}}}]}";
  }

  static ObjectNode object(String kind, String id) {
    return StripeStub.object(kind, id, customer);
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static String event(String id, String type, long created, ObjectNode o) {
    return StripeStub.event(id, type, created, o);
  }

  static Api.Res webhook(String id, String type, ObjectNode object) {
    return post(event(id, type, now(), object));
  }

  static Api.Res post(String payload) {
    return post(payload, StripeStub.sign(payload, now(), StripeStub.WEBHOOK_SECRET));
  }

  static Api.Res post(String payload, String signature) {
    List<String[]> headers = new java.util.ArrayList<>();
    headers.add(new String[] {"Content-Type", "application/json; charset=utf-8"});
    if (signature != null) {
      headers.add(new String[] {"Stripe-Signature", signature});
    }
    return api.send("POST", "/api/v1/billing/webhook", headers, payload);
  }

  static JsonNode awaitEntitlements(Predicate<JsonNode> done) {
    long end = System.nanoTime() + 30_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < end) {
      last = api.get("/api/v1/entitlements", "admin").json();
      if (done.test(last)) {
        return last;
      }
      sleep();
    }
    throw new AssertionError("the entitlements never got there: " + last);
  }

  static void sleep() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
