package dev.vigil.activities.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.Secrets;
import dev.vigil.workflows.system.FailureTypes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.request against a real local HTTP server. */
class HttpRequestActionTest {

  FakeApi api;
  HttpRequestAction action;
  final ActionContext ctx = new ActionContext("acme", "r1", "s1", 1);

  @BeforeEach
  void start() throws Exception {
    api = new FakeApi();
    Secrets secrets =
        new Secrets(
            Map.of(
                "acme", Map.of("intel_key", "s3cr3t-token"), "globex", Map.of("fw", "globex-only")),
            Map.of("shared_feed", "feed-token"),
            name -> name.equals("VIGIL_SECRET_ACME__BASIC_CREDS") ? "svc:pw" : null);
    action =
        new HttpRequestAction(
            new HttpSettings(List.of("127.0.0.1:" + api.port()), Duration.ofSeconds(5), 4096),
            secrets);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** The typed input the worker reads from these {@code with} entries. */
  private HttpRequestAction.Input with(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return dev.vigil.playbook.json.Json.MAPPER.convertValue(m, HttpRequestAction.Input.class);
  }

  @Test
  void getParsesJsonAndEncodesQuery() {
    api.on(
        "GET",
        "/check",
        FakeApi.Answer.json(200, "{\"data\": {\"abuseConfidenceScore\": 87, \"isTor\": true}}"));
    Object out =
        action.execute(
            with(
                "url",
                api.base() + "/check",
                "query",
                Map.of("ipAddress", "203.0.113.9", "q", "a b&c")),
            ctx);
    assertThat(out)
        .isInstanceOfSatisfying(
            Map.class,
            m -> {
              assertThat(m.get("status")).isEqualTo(200L);
              assertThat(m.get("body"))
                  .isEqualTo(Map.of("data", Map.of("abuseConfidenceScore", 87L, "isTor", true)));
              assertThat(((Map<?, ?>) m.get("headers")).get("content-type"))
                  .isEqualTo("application/json");
            });
    assertThat(api.requests.get(0).query()).contains("ipAddress=203.0.113.9").contains("q=a+b%26c");
  }

  @Test
  void postsJsonWithBearerSecretResolvedOnTheWorker() {
    api.on("POST", "/blocklist", FakeApi.Answer.json(201, "{\"id\": 7}"));
    Object out =
        action.execute(
            with(
                "method",
                "POST",
                "url",
                api.base() + "/blocklist",
                "json",
                Map.of("address", "203.0.113.9"),
                "auth",
                Map.of("secret", "intel_key")),
            ctx);
    FakeApi.Request r = api.requests.get(0);
    assertThat(r.headers())
        .containsEntry("authorization", "Bearer s3cr3t-token")
        .containsEntry("content-type", "application/json");
    assertThat(r.body()).isEqualTo("{\"address\":\"203.0.113.9\"}");
    assertThat(out.toString()).doesNotContain("s3cr3t-token");
  }

  @Test
  void basicAndHeaderSchemesAndEnvironmentSecrets() {
    api.on("GET", "/", FakeApi.Answer.json(200, "{}"));
    action.execute(
        with("url", api.base() + "/a", "auth", Map.of("secret", "basic_creds", "scheme", "basic")),
        ctx);
    action.execute(
        with(
            "url",
            api.base() + "/b",
            "auth",
            Map.of("secret", "intel_key", "scheme", "header", "header", "Key")),
        ctx);
    assertThat(api.requests.get(0).headers()).containsEntry("authorization", "Basic c3ZjOnB3");
    assertThat(api.requests.get(1).headers()).containsEntry("key", "s3cr3t-token");
  }

  @Test
  void missingSecretIsANonRetryableErrorNamingTheVariable() {
    assertThatThrownBy(
            () ->
                action.execute(
                    with("url", api.base() + "/x", "auth", Map.of("secret", "vt-api")), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(FailureTypes.SECRET_NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("VIGIL_SECRET_ACME__VT_API")
                  .contains("VIGIL_SHARED_SECRET_VT_API");
            });
    assertThat(api.requests).isEmpty();
  }

  @Test
  void statusFourHundredAndUpFailsWithStatusAndBodyExcerpt() {
    api.on("GET", "/missing", FakeApi.Answer.json(404, "{\"error\": \"no such host\"}"));
    api.on("GET", "/busy", FakeApi.Answer.json(503, "x".repeat(1000)));
    api.on("GET", "/slow-down", FakeApi.Answer.json(429, "{}"));
    assertThatThrownBy(() -> action.execute(with("url", api.base() + "/missing"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(FailureTypes.HTTP_CLIENT_ERROR);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "HTTP 404 from GET "
                          + api.base()
                          + "/missing: {\"error\": \"no such host\"}");
            });
    assertThatThrownBy(() -> action.execute(with("url", api.base() + "/busy"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(FailureTypes.HTTP_SERVER_ERROR);
              assertThat(e.getMessage()).hasSizeLessThan(400).endsWith("…");
            });
    assertThatThrownBy(() -> action.execute(with("url", api.base() + "/slow-down"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> assertThat(e.type()).isEqualTo(FailureTypes.HTTP_SERVER_ERROR));
  }

  @Test
  void hostsOutsideTheAllowlistAreRefusedBeforeAnyRequest() {
    assertThatThrownBy(
            () -> action.execute(with("url", "http://localhost:" + api.port() + "/x"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> assertThat(e.type()).isEqualTo(FailureTypes.HOST_NOT_ALLOWED));
    assertThatThrownBy(() -> action.execute(with("url", "ftp://127.0.0.1/x"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo(FailureTypes.INVALID_INPUT));
    assertThat(api.requests).isEmpty();
  }

  @Test
  void redirectsAreNotFollowedTimeoutsAndLargeBodiesFail() {
    api.on("GET", "/moved", new FakeApi.Answer(302, null, null, 0));
    api.on("GET", "/slow", new FakeApi.Answer(200, "text/plain", "late", 1500));
    api.on("GET", "/big", new FakeApi.Answer(200, "text/plain", "y".repeat(5000), 0));
    Map<?, ?> moved = (Map<?, ?>) action.execute(with("url", api.base() + "/moved"), ctx);
    assertThat(moved.get("status")).isEqualTo(302L);
    assertThat(api.lines()).containsExactly("GET /moved");
    assertThatThrownBy(
            () -> action.execute(with("url", api.base() + "/slow", "timeout", "300ms"), ctx))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.getMessage()).contains("timed out"));
    assertThatThrownBy(() -> action.execute(with("url", api.base() + "/big"), ctx))
        .hasMessageContaining("larger than 4096 bytes");
  }

  @Test
  void allowlistRules() {
    HttpSettings s =
        new HttpSettings(List.of("*.example.com", "api.intel.net", "10.0.0.5:8443"), null, 0);
    assertThat(s.allows("edr.example.com", -1)).isTrue();
    assertThat(s.allows("example.com", -1)).isFalse();
    assertThat(s.allows("evil-example.com", -1)).isFalse();
    assertThat(s.allows("API.INTEL.NET", 443)).isTrue();
    assertThat(s.allows("10.0.0.5", 8443)).isTrue();
    assertThat(s.allows("10.0.0.5", 80)).isFalse();
    assertThat(new HttpSettings(List.of(), null, 0).allows("anything", -1)).isFalse();
  }

  @Test
  void aTenantCannotUseAnotherTenantsSecretButSharedOnesServeEveryTenant() {
    api.on("GET", "/", FakeApi.Answer.json(200, "{}"));
    assertThatThrownBy(
            () ->
                action.execute(
                    with("url", api.base() + "/steal", "auth", Map.of("secret", "fw")), ctx))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(FailureTypes.SECRET_NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("for tenant 'acme'")
                  .doesNotContain("globex-only");
            });
    assertThat(api.requests).isEmpty();
    ActionContext globex = new ActionContext("globex", "r2", "s1", 1);
    action.execute(with("url", api.base() + "/own", "auth", Map.of("secret", "fw")), globex);
    action.execute(with("url", api.base() + "/feed", "auth", Map.of("secret", "shared_feed")), ctx);
    assertThat(api.requests.get(0).headers()).containsEntry("authorization", "Bearer globex-only");
    assertThat(api.requests.get(1).headers()).containsEntry("authorization", "Bearer feed-token");
  }
}
