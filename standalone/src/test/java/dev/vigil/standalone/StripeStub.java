package dev.vigil.standalone;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local server answering the part of Stripe's API Vigil calls as Stripe's API reference documents
 * it: form-encoded writes, {@code Bearer} secret keys, {@code Idempotency-Key} (a repeated key
 * answers the first response again, as Stripe does), list objects, and error objects. The test sets
 * each customer's subscription and signs webhook events as Stripe does.
 */
final class StripeStub implements AutoCloseable {

  static final String SECRET_KEY = "sk_test_" + "51VigilStubKey".repeat(2);
  static final String WEBHOOK_SECRET = "whsec_" + "VigilStubSigningSecret0123";

  /** One request as received: form fields (writes) or query parameters (reads). */
  record Request(String method, String path, Map<String, String> params, String idempotencyKey) {}

  private final HttpServer server;
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> byKey = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, ArrayNode> invoices = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger unauthorized = new AtomicInteger();

  /** Subscriptions are read for a customer Stripe no longer has (deleted in the dashboard). */
  volatile boolean customerDeleted;

  StripeStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/", this::handle);
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The arguments that point a Vigil under test at this server. */
  String[] args() {
    return new String[] {
      "--vigil.stripe.secret-key=" + SECRET_KEY,
      "--vigil.stripe.webhook-secret=" + WEBHOOK_SECRET,
      "--vigil.stripe.api-base=" + base()
    };
  }

  /** The customer's subscription from now on, as {@code GET /v1/subscriptions} lists it. */
  void subscription(String customer, String id, String status, String price) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("id", id);
    s.put("object", "subscription");
    s.put("customer", customer);
    s.put("status", status);
    s.put("created", 1_780_000_000L);
    ObjectNode items = s.putObject("items");
    items.put("object", "list");
    ObjectNode item = items.putArray("data").addObject();
    item.put("id", "si_" + id);
    item.put("object", "subscription_item");
    ObjectNode p = item.putObject("price");
    p.put("id", price);
    p.put("object", "price");
    items.put("has_more", false);
    items.put("url", "/v1/subscription_items?subscription=" + id);
    subscriptions.put(customer, s);
  }

  /** An invoice of the customer, as {@code GET /v1/invoices} lists it. */
  void invoice(String customer, String id, String status, long amount) {
    ObjectNode i =
        invoices.computeIfAbsent(customer, c -> Json.MAPPER.createArrayNode()).addObject();
    i.put("id", id);
    i.put("object", "invoice");
    i.put("customer", customer);
    i.put("number", "VIGIL-" + id.substring(3).toUpperCase());
    i.put("status", status);
    i.put("amount_due", amount);
    i.put("amount_paid", "paid".equals(status) ? amount : 0);
    i.put("currency", "eur");
    i.put("created", 1_780_000_000L);
    i.put("hosted_invoice_url", "https://invoice.stripe.com/i/" + id);
    i.put("invoice_pdf", "https://pay.stripe.com/invoice/" + id + "/pdf");
  }

  /** Requests to {@code path} with {@code method}. */
  List<Request> calls(String method, String path) {
    synchronized (requests) {
      return requests.stream()
          .filter(r -> r.method().equals(method) && r.path().equals(path))
          .toList();
    }
  }

  int unauthorized() {
    return unauthorized.get();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + SECRET_KEY).equals(auth)) {
        unauthorized.incrementAndGet();
        send(x, 401, error("invalid_request_error", "Invalid API Key provided"));
        return;
      }
      String method = x.getRequestMethod();
      String path = x.getRequestURI().getPath();
      String raw =
          method.equals("GET")
              ? x.getRequestURI().getRawQuery()
              : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String key = x.getRequestHeaders().getFirst("Idempotency-Key");
      requests.add(new Request(method, path, form(raw), key));
      if (key != null && byKey.containsKey(method + path + key)) {
        send(x, 200, byKey.get(method + path + key));
        return;
      }
      Map<String, String> p = form(raw);
      if (customerDeleted && path.equals("/v1/subscriptions")) {
        send(
            x,
            404,
            error("invalid_request_error", "No such customer: '" + p.get("customer") + "'"));
        return;
      }
      String body =
          switch (method + " " + path) {
            case "POST /v1/customers" -> customer(p);
            case "POST /v1/checkout/sessions" -> checkout(p);
            case "POST /v1/billing_portal/sessions" -> portal(p);
            case "GET /v1/subscriptions" -> list("/v1/subscriptions", subscriptions(p));
            case "GET /v1/invoices" ->
                list(
                    "/v1/invoices",
                    invoices.getOrDefault(p.get("customer"), Json.MAPPER.createArrayNode()));
            default -> null;
          };
      if (body == null) {
        send(x, 404, error("invalid_request_error", "Unrecognized request URL " + path));
        return;
      }
      if (key != null) {
        byKey.put(method + path + key, body);
      }
      send(x, 200, body);
    }
  }

  private String customer(Map<String, String> p) {
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("id", "cus_" + ids.incrementAndGet());
    c.put("object", "customer");
    c.put("name", p.get("name"));
    c.putObject("metadata").put("tenant", p.get("metadata[tenant]"));
    return c.toString();
  }

  private String checkout(Map<String, String> p) {
    String id = "cs_test_" + ids.incrementAndGet();
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("id", id);
    s.put("object", "checkout.session");
    s.put("mode", p.get("mode"));
    s.put("customer", p.get("customer"));
    s.put("client_reference_id", p.get("client_reference_id"));
    s.put("success_url", p.get("success_url"));
    s.put("cancel_url", p.get("cancel_url"));
    s.put("status", "open");
    s.put("url", "https://checkout.stripe.com/c/pay/" + id);
    return s.toString();
  }

  private String portal(Map<String, String> p) {
    String id = "bps_" + ids.incrementAndGet();
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("id", id);
    s.put("object", "billing_portal.session");
    s.put("customer", p.get("customer"));
    s.put("return_url", p.get("return_url"));
    s.put("url", "https://billing.stripe.com/p/session/" + id);
    return s.toString();
  }

  private ArrayNode subscriptions(Map<String, String> p) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    ObjectNode s = subscriptions.get(p.get("customer"));
    if (s != null) {
      out.add(s);
    }
    return out;
  }

  private static String list(String url, ArrayNode data) {
    ObjectNode l = Json.MAPPER.createObjectNode();
    l.put("object", "list");
    l.set("data", data);
    l.put("has_more", false);
    l.put("url", url);
    return l.toString();
  }

  private static String error(String type, String message) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.putObject("error").put("type", type).put("message", message);
    return e.toString();
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.getResponseHeaders().set("Request-Id", "req_stub");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
  }

  /**
   * A webhook event as Stripe sends it: {@code type} about {@code object} (with {@code customer}),
   * created at {@code created} (epoch seconds).
   */
  static String event(String id, String type, long created, ObjectNode object) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("id", id);
    e.put("object", "event");
    e.put("api_version", "2025-09-30.clover");
    e.put("created", created);
    e.put("livemode", false);
    e.put("pending_webhooks", 1);
    e.put("type", type);
    e.putObject("data").set("object", object);
    return e.toString();
  }

  /** A data object of {@code kind} ({@code invoice}, {@code subscription}, …) of the customer. */
  static ObjectNode object(String kind, String id, String customer) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", id);
    o.put("object", kind);
    o.put("customer", customer);
    return o;
  }

  /** The {@code Stripe-Signature} header Stripe sends: {@code t=…,v1=HMAC-SHA256(t.payload)}. */
  static String sign(String payload, long timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(sig);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
