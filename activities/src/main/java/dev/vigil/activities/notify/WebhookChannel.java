package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.notify.Notification;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each notification as JSON to the connection's URL. With a signing secret the request
 * carries {@code X-Vigil-Timestamp} (epoch seconds) and {@code X-Vigil-Signature: sha256=<hex
 * HMAC-SHA256 of "<timestamp>.<body>">}, so the receiver can tell it came from this Vigil and is
 * fresh; {@code X-Vigil-Delivery} is the notification's key (the same on every retry).
 */
public final class WebhookChannel implements Channel {

  @Override
  public String provider() {
    return "webhook";
  }

  @Override
  public Map<String, Object> send(ResolvedConnection c, String target, Message m) {
    String body = Json.write(payload(m));
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(String.valueOf(c.config().get("url"))))
            .timeout(Duration.ofSeconds(HttpChannels.timeoutSeconds(c.config())))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Vigil-Notifications/1")
            .header("X-Vigil-Event", m.notification().event())
            .header("X-Vigil-Delivery", m.notification().key())
            .POST(HttpRequest.BodyPublishers.ofString(body));
    String secret = c.secret("signingSecret");
    if (secret != null && !secret.isBlank()) {
      String ts = Long.toString(Instant.now().getEpochSecond());
      req.header("X-Vigil-Timestamp", ts)
          .header("X-Vigil-Signature", "sha256=" + sign(secret, ts, body));
    }
    int status = HttpChannels.send(req.build(), "webhook " + c.name()).statusCode();
    return Map.of("status", status);
  }

  /** The hex HMAC-SHA256 of {@code timestamp + "." + body} under {@code secret}. */
  public static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the webhook receives: the notification's fields, and the absolute link. */
  static Map<String, Object> payload(Message m) {
    Notification n = m.notification();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", n.event());
    p.put("key", n.key());
    p.put("tenant", n.tenant());
    p.put("title", n.title());
    p.put("text", n.text());
    p.put("severity", n.severity());
    p.put("link", m.link());
    p.put("fields", n.fields());
    if (n.approval() != null) {
      p.put(
          "approval",
          Map.of(
              "runId", n.approval().runId(),
              "stepId", n.approval().stepId(),
              "status", n.approval().status()));
    }
    return p;
  }
}
