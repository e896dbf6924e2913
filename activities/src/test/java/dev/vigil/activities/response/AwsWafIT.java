package dev.vigil.activities.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.activities.connection.TestConnections;
import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aws.waf.*} against a local server answering as the AWS WAF (v2) API reference documents
 * {@code GetIPSet} and {@code UpdateIPSet} (JSON 1.1, {@code X-Amz-Target: AWSWAF_20190729.…}, lock
 * tokens, {@code __type} errors). The server checks every request's Signature Version 4 by
 * computing it itself from the connection's secret key, as AWS does.
 */
class AwsWafIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String SET_ID = "a1b2c3d4-5678-90ab-cdef-123456789012";

  TestConnections c;
  HttpServer server;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<JsonNode> updates = Collections.synchronizedList(new ArrayList<>());
  final List<String> addresses = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger lockLost = new AtomicInteger();
  volatile String version = "IPV4";
  volatile String lockToken = UUID.randomUUID().toString();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    addresses.add("192.0.2.44/32");
    c = TestConnections.start();
    connect("aws", SECRET);
    c.handlers(new AwsWafActions(c.resolver()).all());
  }

  /** An aws connection to this server's IP set, signing with {@code secretKey}. */
  void connect(String name, String secretKey) {
    c.connect(
        name,
        "aws",
        Map.of(
            "region",
            "eu-west-1",
            "endpointUrl",
            "http://127.0.0.1:" + server.getAddress().getPort(),
            "wafIpSetName",
            "vigil-blocklist",
            "wafIpSetId",
            SET_ID),
        Map.of("accessKeyId", KEY_ID, "secretAccessKey", secretKey));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    c.close();
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      byte[] raw = x.getRequestBody().readAllBytes();
      String target = x.getRequestHeaders().getFirst("X-Amz-Target");
      calls.add(target);
      String problem = signatureProblem(x, raw);
      if (problem != null) {
        send(
            x,
            403,
            "{\"__type\": \"InvalidSignatureException\", \"message\": \"The request signature we"
                + " calculated does not match the signature you provided. "
                + problem
                + "\"}");
        return;
      }
      if (!"application/x-amz-json-1.1".equals(x.getRequestHeaders().getFirst("Content-Type"))) {
        send(x, 400, "{\"__type\": \"SerializationException\"}");
        return;
      }
      JsonNode in = JSON.readTree(raw);
      if (!in.path("Id").asText().equals(SET_ID)
          || !in.path("Name").asText().equals("vigil-blocklist")
          || !in.path("Scope").asText().equals("REGIONAL")) {
        send(
            x,
            400,
            "{\"__type\": \"WAFNonexistentItemException\", \"message\": \"AWS WAF couldn’t perform"
                + " the operation because your resource doesn’t exist.\"}");
        return;
      }
      if ("AWSWAF_20190729.GetIPSet".equals(target)) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode set = out.putObject("IPSet");
        set.put("Name", "vigil-blocklist")
            .put("Id", SET_ID)
            .put(
                "ARN",
                "arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/vigil-blocklist/" + SET_ID)
            .put("Description", "Addresses Vigil blocks")
            .put("IPAddressVersion", version);
        synchronized (addresses) {
          addresses.forEach(set.putArray("Addresses")::add);
        }
        out.put("LockToken", lockToken);
        send(x, 200, out.toString());
      } else if ("AWSWAF_20190729.UpdateIPSet".equals(target)) {
        updates.add(in);
        if (lockLost.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            || !in.path("LockToken").asText().equals(lockToken)) {
          lockToken = UUID.randomUUID().toString(); // someone else saved meanwhile
          send(
              x,
              400,
              "{\"__type\": \"WAFOptimisticLockException\", \"message\": \"AWS WAF couldn’t save"
                  + " your changes because someone changed the resource after you started to edit"
                  + " it. Reapply your changes.\"}");
          return;
        }
        synchronized (addresses) {
          addresses.clear();
          in.path("Addresses").forEach(a -> addresses.add(a.asText()));
        }
        lockToken = UUID.randomUUID().toString();
        send(x, 200, "{\"NextLockToken\": \"" + lockToken + "\"}");
      } else {
        send(x, 400, "{\"__type\": \"UnknownOperationException\"}");
      }
    }
  }

  /**
   * Null when the request carries a valid SigV4 signature of the connection's key, else why not.
   */
  static String signatureProblem(HttpExchange x, byte[] body) {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    Matcher m =
        Pattern.compile(
                "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
                    + " ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})")
            .matcher(auth == null ? "" : auth);
    if (!m.matches()) {
      return "no SigV4 authorization: " + auth;
    }
    if (!m.group(1).equals(KEY_ID) || !m.group(3).equals("eu-west-1")) {
      return "credential " + m.group(1) + " for " + m.group(3);
    }
    if (!m.group(4).equals("wafv2")) {
      return "signed for service " + m.group(4);
    }
    String amzDate = x.getRequestHeaders().getFirst("X-Amz-Date");
    StringBuilder canonical = new StringBuilder(x.getRequestMethod()).append('\n');
    canonical.append(x.getRequestURI().getRawPath()).append("\n\n");
    TreeMap<String, String> signed = new TreeMap<>();
    for (String h : m.group(5).split(";")) {
      String v = x.getRequestHeaders().getFirst(h);
      if (v == null) {
        return "signed header " + h + " missing";
      }
      signed.put(h, v.trim().replaceAll(" +", " "));
    }
    if (!signed.containsKey("x-amz-target") || !signed.containsKey("host")) {
      return "host and x-amz-target must be signed";
    }
    signed.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    canonical.append('\n').append(m.group(5)).append('\n').append(hex(sha256(body)));
    String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), m.group(2));
    k = hmac(k, m.group(3));
    k = hmac(k, m.group(4));
    k = hmac(k, "aws4_request");
    String expected = hex(hmac(k, toSign));
    return expected.equals(m.group(6)) ? null : "signature mismatch";
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  Map<String, Object> run(String action, String ip) {
    return c.run(action, new AwsWafActions.IpInput("aws", ip, null, null, null));
  }

  @Test
  void anAddressIsAddedToTheIpSetWithItsLockTokenAndTakenOutAgain() {
    String before = lockToken;
    assertThat(run("aws.waf.block_ip", "203.0.113.7"))
        .containsEntry("ip", "203.0.113.7/32")
        .containsEntry("ipSet", "vigil-blocklist")
        .containsEntry("blocked", true)
        .containsEntry("addresses", 2);
    assertThat(calls).containsExactly("AWSWAF_20190729.GetIPSet", "AWSWAF_20190729.UpdateIPSet");
    JsonNode update = updates.get(0);
    assertThat(update.path("LockToken").asText()).isEqualTo(before);
    assertThat(update.path("Description").asText())
        .as("kept: UpdateIPSet would clear it")
        .isEqualTo("Addresses Vigil blocks");
    assertThat(addresses).containsExactly("192.0.2.44/32", "203.0.113.7/32");

    // a retry after the update went through changes nothing
    assertThat(run("aws.waf.block_ip", "203.0.113.7"))
        .containsEntry("done", "already in the IP set");
    assertThat(updates).hasSize(1);

    assertThat(run("aws.waf.unblock_ip", "203.0.113.7/32")).containsEntry("unblocked", true);
    assertThat(addresses).containsExactly("192.0.2.44/32");
    assertThat(run("aws.waf.unblock_ip", "203.0.113.7")).containsEntry("done", "not in the IP set");
    assertThat(updates).hasSize(2);
  }

  @Test
  void ipv6IsComparedAsAnAddressAndTheIpVersionMustMatchTheSet() {
    version = "IPV6";
    addresses.clear();
    addresses.add("2001:db8:0:0:0:0:0:1/128");
    assertThat(run("aws.waf.block_ip", "2001:db8::1"))
        .containsEntry("done", "already in the IP set");
    assertThatThrownBy(() -> run("aws.waf.block_ip", "203.0.113.7"))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsRefused");
              assertThat(e.getMessage()).contains("IPV6").contains("203.0.113.7/32");
            });
    assertThat(updates).isEmpty();
  }

  @Test
  void aLostLockRaceIsRetryableAndBadInputOrAMissingSetIsNot() {
    lockLost.set(1);
    assertThatThrownBy(() -> run("aws.waf.block_ip", "198.51.100.9"))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsUnavailable");
              assertThat(e.getMessage()).contains("WAFOptimisticLockException");
            });
    // Temporal's retry reads the set (and its new token) again
    assertThat(run("aws.waf.block_ip", "198.51.100.9")).containsEntry("blocked", true);
    assertThat(addresses).contains("198.51.100.9/32");

    for (String bad : List.of("0.0.0.0/0", "::/0", "not-an-ip", "300.1.1.1")) {
      assertThatThrownBy(() -> run("aws.waf.block_ip", bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ActionException.class, e -> assertThat(e.type()).isEqualTo("InvalidInput"));
    }
    assertThatThrownBy(
            () ->
                c.run(
                    "aws.waf.block_ip",
                    new AwsWafActions.IpInput("aws", "198.51.100.10", "other-set", null, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsRefused");
              assertThat(e.getMessage()).contains("WAFNonexistentItemException");
            });
  }

  @Test
  void aWrongSecretKeyIsRefusedByTheSignatureCheck() throws Exception {
    connect("aws-bad", "not-the-secret");
    assertThatThrownBy(
            () ->
                c.run(
                    "aws.waf.block_ip",
                    new AwsWafActions.IpInput("aws-bad", "198.51.100.11", null, null, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("AwsRefused");
              assertThat(e.getMessage()).contains("InvalidSignatureException").contains("mismatch");
            });
  }
}
