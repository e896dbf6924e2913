package dev.vigil.api.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:" + X-Slack-Request-Timestamp + ":" + raw
 * body>} under the app's signing secret. Requests older (or newer) than five minutes are refused,
 * so a captured request cannot be replayed later; the comparison takes constant time.
 */
public final class SlackSignature {

  /** How far a request's timestamp may be from now. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private SlackSignature() {}

  /** Why a request is refused; null when it is not. */
  public static String refusal(
      String signingSecret, String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null) {
      return "the request is not signed (X-Slack-Request-Timestamp, X-Slack-Signature)";
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return "X-Slack-Request-Timestamp is not a number";
    }
    if (Math.abs(now.getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
      return "the request's timestamp is more than five minutes from now (a replay?)";
    }
    byte[] expected = sign(signingSecret, timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
      return "the signature does not match the body";
    }
    return null;
  }

  /** {@code v0=} and the hex HMAC-SHA256 of {@code v0:<timestamp>:<body>}. */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
