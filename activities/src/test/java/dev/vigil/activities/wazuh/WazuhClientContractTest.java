package dev.vigil.activities.wazuh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Wazuh client against a manager that answers from Wazuh's API mocks and validates every
 * request against Wazuh's OpenAPI spec ({@link WazuhManagerStub}). Every test ends by asserting
 * that the spec allowed each request the client sent.
 */
class WazuhClientContractTest {

  WazuhManagerStub wazuh;
  final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    wazuh = new WazuhManagerStub(1234);
  }

  @AfterEach
  void specAllowedEveryRequest() {
    try {
      assertThat(wazuh.violations).as("requests the Wazuh spec refuses").isEmpty();
    } finally {
      wazuh.close();
    }
  }

  WazuhClient client(String password) {
    WazuhSettings s =
        new WazuhSettings(
            wazuh.url(), true, null, Duration.ofSeconds(5), WazuhManagerStub.USER, password, 5);
    Clock clock = new SuppliedClock(() -> wazuh.now);
    return new WazuhClient(s, clock, slept::add, 4, Duration.ofMillis(500));
  }

  WazuhClient client() {
    return client(WazuhManagerStub.PASSWORD);
  }

  @Test
  void logsInOnceAndReusesTheTokenUntilShortlyBeforeItExpires() {
    WazuhClient c = client();
    c.get("/agents", Map.of("agents_list", "001"));
    c.get("/agents", Map.of("agents_list", "002"));
    assertThat(wazuh.logins).hasValue(1);

    // 900 s tokens: renewed 60 s before exp, so at +850 s a new one is fetched without a 401
    wazuh.now = wazuh.now.plusSeconds(850);
    c.get("/agents", Map.of("agents_list", "003"));
    assertThat(wazuh.logins).hasValue(2);
    assertThat(wazuh.requests).filteredOn(r -> r.startsWith("GET")).hasSize(3);
  }

  @Test
  void aRevokedTokenIsReplacedOnceOn401() {
    WazuhClient c = client();
    c.get("/agents", Map.of("agents_list", "001"));
    wazuh.revokeTokens();

    WazuhResponse r = c.get("/agents", Map.of("agents_list", "002"));

    assertThat(r.affected())
        .singleElement()
        .satisfies(a -> assertThat(a.path("id").asText()).isEqualTo("002"));
    assertThat(wazuh.logins).hasValue(2);
  }

  @Test
  void refusedCredentialsFailAtOnceWithoutRetrying() {
    assertThatThrownBy(() -> client("wrong").get("/agents", Map.of()))
        .isInstanceOfSatisfying(
            WazuhException.class,
            e -> {
              assertThat(e.type()).isEqualTo(WazuhException.AUTH_FAILED);
              assertThat(e.getMessage()).contains("wazuh-wui").doesNotContain("wrong");
            });
    assertThat(wazuh.requests).hasSize(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void tooManyRequestsIsRetriedAfterRetryAfter() {
    WazuhClient c = client();
    c.get("/agents", Map.of("agents_list", "001"));
    wazuh.failNext(429, 1, 3);

    WazuhResponse r = c.get("/agents", Map.of("agents_list", "004"));

    assertThat(r.affected()).hasSize(1);
    assertThat(slept).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void serverErrorsAreRetriedWithGrowingBackoffThenReportedAsUnavailable() {
    WazuhClient c = client();
    c.get("/agents", Map.of("agents_list", "001"));
    wazuh.failNext(500, 4, 0);

    assertThatThrownBy(() -> c.get("/agents", Map.of("agents_list", "001")))
        .isInstanceOfSatisfying(
            dev.vigil.activities.connection.RetryingHttp.Unavailable.class,
            e -> {
              assertThat(e.type()).isEqualTo(WazuhException.UNAVAILABLE);
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.getMessage())
                  .contains("after 4 attempts")
                  .contains("An internal server error occurred.");
            });
    assertThat(slept)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aServerErrorThatClearsIsInvisibleToTheCaller() {
    WazuhClient c = client();
    wazuh.failNext(503, 2, 0); // the login itself meets them

    assertThat(c.get("/agents", Map.of("agents_list", "001")).affected()).hasSize(1);
    assertThat(wazuh.logins).hasValue(1);
    assertThat(slept).hasSize(2);
  }

  @Test
  void listingsArePagedToTheEnd() {
    WazuhClient.Listing l = client().getAll("/agents", Map.of("sort", "+id"), 0);

    assertThat(l.items()).hasSize(1234);
    assertThat(l.total()).isEqualTo(1234);
    assertThat(l.truncated()).isFalse();
    assertThat(l.pages()).isEqualTo(3);
    assertThat(l.items().stream().map(a -> a.path("id").asText()).distinct()).hasSize(1234);
    assertThat(wazuh.requests)
        .filteredOn(r -> r.startsWith("GET /agents"))
        .extracting(r -> r.replaceAll(".*offset=(\\d+).*", "$1"))
        .containsExactly("0", "500", "1000");
  }

  @Test
  void aCapStopsTheListingAndSaysSo() {
    WazuhClient.Listing l = client().getAll("/agents", Map.of(), 600);

    assertThat(l.items()).hasSize(600);
    assertThat(l.truncated()).isTrue();
    assertThat(wazuh.requests).filteredOn(r -> r.startsWith("GET /agents")).hasSize(2);
    assertThat(wazuh.requests.get(wazuh.requests.size() - 1)).contains("limit=100");
  }

  @Test
  void partialFailuresAreReportedNotHidden() {
    WazuhResponse r =
        client()
            .put(
                "/active-response",
                Map.of("agents_list", "001,5000"),
                Map.of("command", "firewall-drop", "arguments", List.of("203.0.113.7")));

    assertThat(r.affected()).extracting(JsonNode::asText).containsExactly("001");
    assertThat(r.partial()).isTrue();
    assertThat(r.error()).isEqualTo(1);
    assertThat(r.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ids()).containsExactly("5000");
              assertThat(f.code()).isEqualTo(1701);
              assertThat(f.message()).isEqualTo("Agent does not exist");
            });
  }

  @Test
  void theScaMockIsReadAsTheEnvelope() {
    WazuhResponse r = client().get("/sca/001/checks/cis_debian", Map.of("result", "failed"));

    assertThat(r.totalAffected()).isEqualTo(191);
    assertThat(r.affected())
        .singleElement()
        .satisfies(
            c -> assertThat(c.path("remediation").asText()).startsWith("For new installations"));
  }

  @Test
  void theSpecCheckOfTheStubRefusesWhatTheSpecDoesNotAllow() throws Exception {
    // the oracle itself: an unknown status value is not an allowed request
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(wazuh.url().resolve("/agents?status=sleeping"))
                    .header("Authorization", "Bearer x")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(wazuh.violations).singleElement().asString().contains("sleeping");
    wazuh.violations.clear();
  }

  @Test
  void anUnreachableManagerIsUnavailableAfterRetries() {
    WazuhSettings s =
        new WazuhSettings(
            java.net.URI.create("http://127.0.0.1:1"),
            true,
            null,
            Duration.ofSeconds(2),
            "u",
            "p",
            5);
    WazuhClient c = new WazuhClient(s, Clock.systemUTC(), slept::add, 3, Duration.ofMillis(100));

    assertThatThrownBy(() -> c.get("/agents", Map.of()))
        .isInstanceOfSatisfying(
            dev.vigil.activities.system.ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(WazuhException.UNAVAILABLE);
              assertThat(e.getMessage()).contains("after 3 attempts").contains("127.0.0.1:1");
            });
    assertThat(slept).hasSize(2);
  }
}
