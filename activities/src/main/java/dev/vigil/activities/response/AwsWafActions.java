package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.json.Json;
import dev.vigil.workflows.system.FailureTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * AWS WAF (v2) IP sets: {@code aws.waf.block_ip} adds an address to the IP set a blocking rule
 * uses, {@code aws.waf.unblock_ip} takes it out. WAF's JSON 1.1 API ({@code GetIPSet}, then {@code
 * UpdateIPSet} with the lock token it answered and the set's whole address list), each request
 * signed with Signature Version 4 by the AWS SDK's own signer for the connection's key. A lost race
 * with another writer ({@code WAFOptimisticLockException}) and throttling are {@code
 * AwsUnavailable}: Temporal's retry reads the set again. An address already in (or already out of)
 * the set changes nothing, so a retried step is harmless.
 */
public final class AwsWafActions {

  static final String TARGET = "AWSWAF_20190729.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final ConnectionResolver connections;

  public AwsWafActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  /**
   * Input of both actions; the IP set's name, id and scope default to the connection's {@code
   * wafIpSetName}, {@code wafIpSetId} and {@code wafScope} (REGIONAL).
   */
  public record IpInput(
      String connection, String ip, String ipSetName, String ipSetId, String scope) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "aws.waf.block_ip", IpInput.class, (in, ctx) -> change(ctx.tenant(), in, true)),
        ActionHandler.of(
            "aws.waf.unblock_ip", IpInput.class, (in, ctx) -> change(ctx.tenant(), in, false)));
  }

  private Map<String, Object> change(String tenant, IpInput in, boolean block) {
    String cidr = cidr(in.ip());
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "aws");
    String name = setting(in.ipSetName(), c, "wafIpSetName");
    String id = setting(in.ipSetId(), c, "wafIpSetId");
    String scope =
        in.scope() != null
            ? in.scope()
            : String.valueOf(c.config().getOrDefault("wafScope", "REGIONAL"));
    if (!scope.equals("REGIONAL") && !scope.equals("CLOUDFRONT")) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT, "scope must be REGIONAL or CLOUDFRONT, not " + scope);
    }
    Map<String, Object> which = new LinkedHashMap<>();
    which.put("Name", name);
    which.put("Scope", scope);
    which.put("Id", id);
    JsonNode got = call(c, scope, "GetIPSet", which);
    JsonNode set = got.path("IPSet");
    String version = set.path("IPAddressVersion").asText();
    boolean v6 = cidr.contains(":");
    if (!version.equals(v6 ? "IPV6" : "IPV4")) {
      throw new ActionException(
          AwsActions.REFUSED,
          "IP set " + name + " holds " + version + " addresses; " + cidr + " is not one");
    }
    List<String> addresses = new ArrayList<>();
    set.path("Addresses").forEach(a -> addresses.add(a.asText()));
    boolean present = addresses.stream().anyMatch(a -> same(a, cidr));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", cidr);
    out.put("ipSet", name);
    out.put(block ? "blocked" : "unblocked", true);
    if (present == block) {
      out.put("done", block ? "already in the IP set" : "not in the IP set");
      out.put("addresses", addresses.size());
      return out;
    }
    if (block) {
      addresses.add(cidr);
    } else {
      addresses.removeIf(a -> same(a, cidr));
    }
    Map<String, Object> update = new LinkedHashMap<>(which);
    if (set.hasNonNull("Description")) {
      update.put("Description", set.path("Description").asText()); // kept: UpdateIPSet resets it
    }
    update.put("Addresses", addresses);
    update.put("LockToken", got.path("LockToken").asText());
    call(c, scope, "UpdateIPSet", update);
    out.put("addresses", addresses.size());
    return out;
  }

  private static String setting(String given, ResolvedConnection c, String key) {
    Object v = given != null && !given.isBlank() ? given : c.config().get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new ActionException(
          FailureTypes.INVALID_INPUT,
          "no IP set: name it in the step or set the connection's " + key);
    }
    return String.valueOf(v);
  }

  /** The address as WAF keeps it: a CIDR, /32 or /128 for a single address. */
  static String cidr(String ip) {
    String a = Connectors.address(ip);
    return a.contains("/") ? a : a + (a.contains(":") ? "/128" : "/32");
  }

  /** Whether two CIDRs are the same network (IPv6 may be written in several ways). */
  static boolean same(String a, String b) {
    int i = a.indexOf('/');
    int j = b.indexOf('/');
    if (i < 0 || j < 0 || !a.substring(i).equals(b.substring(j))) {
      return false;
    }
    try {
      // both are literal addresses (checked above or answered by WAF): no name lookup happens
      return InetAddress.getByName(a.substring(0, i))
          .equals(InetAddress.getByName(b.substring(0, j)));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private JsonNode call(ResolvedConnection c, String scope, String operation, Object body) {
    String region =
        scope.equals("CLOUDFRONT") ? "us-east-1" : Connectors.base(c, "region"); // CloudFront's
    Object endpoint = c.config().get("endpointUrl");
    URI uri =
        URI.create(
            endpoint != null
                ? String.valueOf(endpoint).replaceAll("/+$", "") + "/"
                : "https://wafv2." + region + ".amazonaws.com/");
    byte[] payload = Json.write(body).getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest unsigned =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("X-Amz-Target", TARGET + operation)
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsActions.credentials(c))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "wafv2")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(Connectors.timeout(c)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    signed
        .request()
        .forEachHeader(
            (k, values) -> {
              if (!k.equalsIgnoreCase("Host") && !k.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.header(k, v));
              }
            });
    HttpResponse<String> r;
    try {
      r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ActionException(
          AwsActions.UNAVAILABLE, "WAF " + operation + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActionException(AwsActions.UNAVAILABLE, "WAF " + operation + " interrupted");
    }
    JsonNode answer;
    try {
      answer = r.body() == null || r.body().isBlank() ? Json.parse("{}") : Json.parse(r.body());
    } catch (IOException e) {
      throw new ActionException(
          AwsActions.UNAVAILABLE, "WAF " + operation + " answered something that is not JSON");
    }
    if (r.statusCode() / 100 == 2) {
      return answer;
    }
    // {"__type": "com.amazonaws…#WAFNonexistentItemException", "message": "…"}
    String type = answer.path("__type").asText("");
    type = type.substring(type.lastIndexOf('#') + 1);
    String message = answer.path("message").asText(answer.path("Message").asText(""));
    boolean transientError =
        r.statusCode() >= 500
            || r.statusCode() == 429
            || type.equals("WAFOptimisticLockException")
            || type.equals("WAFUnavailableEntityException")
            || type.contains("Throttling");
    throw new ActionException(
        transientError ? AwsActions.UNAVAILABLE : AwsActions.REFUSED,
        "WAF " + operation + " failed: HTTP " + r.statusCode() + " " + type + ": " + message);
  }
}
