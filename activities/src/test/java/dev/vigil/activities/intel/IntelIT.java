package dev.vigil.activities.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.system.ActionException;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.intel.IntelCache;
import dev.vigil.store.system.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intelligence actions against a local server answering as VirusTotal API v3, AbuseIPDB API v2,
 * Shodan and AlienVault OTX document their answers (the bodies below are their reference examples,
 * trimmed), with the verdicts cached in PostgreSQL and the per-connection budget.
 */
class IntelIT {

  static final String VT_IP =
      "{\"data\": {\"id\": \"203.0.113.7\", \"type\": \"ip_address\", \"attributes\": {\"as_owner\":"
          + " \"EXAMPLE-AS\", \"country\": \"NL\", \"reputation\": -23, \"tags\": [\"scanner\"],"
          + " \"last_analysis_stats\": {\"harmless\": 61, \"malicious\": 5, \"suspicious\": 2,"
          + " \"undetected\": 20, \"timeout\": 0}}}}";
  static final String VT_URL =
      "{\"data\": {\"type\": \"url\", \"attributes\": {\"categories\": {\"Forcepoint ThreatSeeker\":"
          + " \"phishing and other frauds\"}, \"tags\": [], \"last_analysis_stats\": {\"harmless\": 70,"
          + " \"malicious\": 1, \"suspicious\": 0, \"undetected\": 19, \"timeout\": 0}}}}";
  static final String VT_NOT_FOUND =
      "{\"error\": {\"code\": \"NotFoundError\", \"message\": \"Resource not found.\"}}";
  static final String VT_QUOTA =
      "{\"error\": {\"code\": \"QuotaExceededError\", \"message\": \"Quota exceeded\"}}";
  static final String ABUSE =
      "{\"data\": {\"ipAddress\": \"118.25.6.39\", \"isPublic\": true, \"ipVersion\": 4,"
          + " \"isWhitelisted\": false, \"abuseConfidenceScore\": 100, \"countryCode\": \"CN\","
          + " \"usageType\": \"Data Center/Web Hosting/Transit\", \"isp\": \"Tencent Cloud Computing"
          + " (Beijing) Co. Ltd\", \"domain\": \"tencent.com\", \"hostnames\": [], \"isTor\": false,"
          + " \"totalReports\": 1, \"numDistinctUsers\": 1, \"lastReportedAt\":"
          + " \"2018-12-20T20:55:14+00:00\"}}";
  static final String SHODAN =
      "{\"ip_str\": \"118.25.6.39\", \"ports\": [22, 80, 443, 3389], \"tags\": [\"c2\"], \"vulns\":"
          + " [\"CVE-2019-0708\"], \"org\": \"Tencent\", \"isp\": \"Tencent\", \"hostnames\": []}";
  static final String OTX =
      "{\"indicator\": \"118.25.6.39\", \"reputation\": 0, \"pulse_info\": {\"count\": 4, \"pulses\":"
          + " [{\"name\": \"Mirai C2\", \"tags\": [\"Mirai\", \"botnet\"]}, {\"name\": \"SSH"
          + " scanners\", \"tags\": [\"ssh\"]}, {\"name\": \"x\", \"tags\": []}, {\"name\": \"y\","
          + " \"tags\": []}]}}";

  HikariDataSource db;
  HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
  IntelActions intel;
  ConnectionRepository repo;

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'Acme')");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretBox box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    repo = new ConnectionRepository(db);
    connect(repo, box, "vt", "virustotal", base + "/vt/api/v3", "vt-key");
    connect(repo, box, "abuse", "abuseipdb", base + "/abuse/api/v2", "abuse-key");
    connect(repo, box, "shodan", "shodan", base + "/shodan", "shodan-key");
    connect(repo, box, "otx", "otx", base + "/otx/api/v1", "otx-key");
    connect(repo, box, "otx-old", "otx", base + "/otx/api/v1", "revoked-key");
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    intel = new IntelActions(new ConnectionResolver(repo, box), repo, new IntelCache(db), clock);
  }

  static void connect(
      ConnectionRepository repo,
      SecretBox box,
      String name,
      String provider,
      String url,
      String key) {
    repo.create(
        "acme",
        name,
        provider,
        Map.of("apiBaseUrl", url),
        List.of("apiKey"),
        box.seal("acme", name, Map.of("apiKey", key)),
        "admin");
  }

  @AfterEach
  void stop() {
    server.stop(0);
    db.close();
  }

  private void answer(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      String query = x.getRequestURI().getRawQuery();
      requests.add(path + (query == null ? "" : "?" + query));
      var h = x.getRequestHeaders();
      int status = 200;
      String body;
      if (path.startsWith("/vt/")) {
        if (!"vt-key".equals(h.getFirst("x-apikey"))) {
          status = 401;
          body =
              "{\"error\": {\"code\": \"WrongCredentialsError\", \"message\": \"Wrong API key\"}}";
        } else if (path.endsWith("/ip_addresses/198.51.100.99")) {
          status = 429;
          x.getResponseHeaders().add("Retry-After", "7");
          body = VT_QUOTA;
        } else if (path.endsWith("/ip_addresses/192.0.2.1")) {
          status = 404;
          body = VT_NOT_FOUND;
        } else if (path.contains("/ip_addresses/")) {
          body = VT_IP;
        } else if (path.contains("/urls/")) {
          body = VT_URL;
        } else {
          status = 404;
          body = VT_NOT_FOUND;
        }
      } else if (path.startsWith("/abuse/")) {
        boolean ok = "abuse-key".equals(h.getFirst("Key"));
        status = ok ? 200 : 401;
        body =
            ok ? ABUSE : "{\"errors\": [{\"detail\": \"Authentication failed\", \"status\": 401}]}";
      } else if (path.startsWith("/shodan/")) {
        boolean ok = query != null && query.contains("key=shodan-key");
        status = ok ? 200 : 401;
        body = ok ? SHODAN : "{\"error\": \"Please provide a valid API key\"}";
      } else {
        boolean ok = "otx-key".equals(h.getFirst("X-OTX-API-KEY"));
        status = ok ? 200 : 403;
        body = ok ? OTX : "{\"detail\": \"Authentication credentials were not provided.\"}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(status, bytes.length);
      x.getResponseBody().write(bytes);
    }
  }

  @Test
  void virusTotalVerdictsAreNormalisedAndCachedForAnHour() {
    Map<String, Object> v = intel.one("acme", "virustotal", "vt", "ip", "203.0.113.7");
    // 5 malicious + half of 2 suspicious, of 88 engines
    assertThat(v)
        .containsEntry("score", 7)
        .containsEntry("malicious", true)
        .containsEntry("cached", false);
    assertThat(v.get("categories")).isEqualTo(List.of("scanner"));
    assertThat(requests).containsExactly("/vt/api/v3/ip_addresses/203.0.113.7");

    assertThat(intel.one("acme", "virustotal", "vt", "ip", "203.0.113.7"))
        .containsEntry("cached", true);
    assertThat(requests).hasSize(1);
    now.set(now.get().plus(Duration.ofMinutes(61)));
    assertThat(intel.one("acme", "virustotal", "vt", "ip", "203.0.113.7"))
        .containsEntry("cached", false);
    assertThat(requests).hasSize(2);

    String target = "https://login.example.net/reset?u=1";
    Map<String, Object> url = intel.one("acme", "virustotal", "vt", "url", target);
    assertThat(requests.get(2))
        .isEqualTo(
            "/vt/api/v3/urls/"
                + Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(target.getBytes(StandardCharsets.UTF_8)));
    assertThat(url).containsEntry("score", 1).containsEntry("malicious", false);
    assertThat(url.get("categories")).isEqualTo(List.of("phishing and other frauds"));

    Map<String, Object> unknown = intel.one("acme", "virustotal", "vt", "ip", "192.0.2.1");
    assertThat(unknown)
        .containsEntry("found", false)
        .containsEntry("score", 0)
        .containsEntry("malicious", false);
  }

  @Test
  void beyondTheBudgetOrAfterA429TheLookupWaitsItsTurnInsteadOfFailing() {
    for (String ip : List.of("203.0.113.1", "203.0.113.2", "203.0.113.3")) {
      intel.one("acme", "virustotal", "vt", "ip", ip);
    }
    now.set(now.get().plusSeconds(20));
    intel.one("acme", "virustotal", "vt", "ip", "203.0.113.4");
    assertThatThrownBy(() -> intel.one("acme", "virustotal", "vt", "ip", "203.0.113.5"))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("IntelUnavailable");
              assertThat(e.getMessage()).contains("4 lookups a minute");
              // the first of the four went 20 s ago: a slot frees in 40 s
              assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(39), Duration.ofSeconds(41));
            });
    assertThat(requests).hasSize(4); // the fifth was not sent
    now.set(now.get().plusSeconds(41));
    assertThat(intel.one("acme", "virustotal", "vt", "ip", "203.0.113.5"))
        .containsEntry("found", true);

    now.set(now.get().plusSeconds(61));
    assertThatThrownBy(() -> intel.one("acme", "virustotal", "vt", "ip", "198.51.100.99"))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("IntelUnavailable");
              assertThat(e.getMessage()).contains("HTTP 429").contains("Quota exceeded");
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyProviderIsReadAsItsReferenceSaysAndTheLookupMergesThem() {
    Map<String, Object> abuse = intel.one("acme", "abuseipdb", "abuse", "ip", "118.25.6.39");
    assertThat(abuse).containsEntry("score", 100).containsEntry("malicious", true);
    assertThat(requests.get(0))
        .isEqualTo("/abuse/api/v2/check?ipAddress=118.25.6.39&maxAgeInDays=90");
    Map<String, Object> shodan = intel.one("acme", "shodan", "shodan", "ip", "118.25.6.39");
    assertThat(shodan).containsEntry("score", 90).containsEntry("malicious", true);
    Map<String, Object> otx = intel.one("acme", "otx", "otx", "ip", "118.25.6.39");
    assertThat(otx).containsEntry("score", 80).containsEntry("malicious", true);
    assertThat(requests.get(2)).isEqualTo("/otx/api/v1/indicators/IPv4/118.25.6.39/general");

    Map<String, Object> merged =
        intel.lookup("acme", new IntelActions.LookupInput("118.25.6.39", null));
    assertThat(merged)
        .containsEntry("kind", "ip")
        .containsEntry("score", 100)
        .containsEntry("malicious", true);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sources = (List<Map<String, Object>>) merged.get("sources");
    assertThat(sources)
        .extracting(s -> s.get("connection"))
        .as("verdicts are kept per provider: otx-old is answered from what otx fetched")
        .containsExactlyInAnyOrder("vt", "abuse", "shodan", "otx", "otx-old");
    assertThat(sources.stream().filter(s -> !s.get("connection").equals("vt")))
        .allMatch(s -> Boolean.TRUE.equals(s.get("cached")));
    assertThat((List<Object>) merged.get("categories"))
        .contains("c2", "mirai", "botnet", "Data Center/Web Hosting/Transit", "scanner");
    assertThat((List<Object>) merged.get("failed")).isEmpty();
    // without the good OTX connection, an indicator nobody fetched yet: the revoked key is refused
    repo.delete("acme", "otx");
    Map<String, Object> fresh =
        intel.lookup("acme", new IntelActions.LookupInput("203.0.113.77", null));
    List<Map<String, Object>> failed = (List<Map<String, Object>>) fresh.get("failed");
    assertThat(failed)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.get("connection")).isEqualTo("otx-old");
              assertThat(String.valueOf(f.get("error")))
                  .contains("HTTP 403")
                  .doesNotContain("revoked-key");
            });

    // a domain: only VirusTotal and OTX know domains (AbuseIPDB and Shodan are not asked), and the
    // OTX connection left has a revoked key
    Map<String, Object> domain =
        intel.lookup("acme", new IntelActions.LookupInput("Login.Example.NET", null));
    assertThat(domain)
        .containsEntry("kind", "domain")
        .containsEntry("indicator", "login.example.net");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> asked = (List<Map<String, Object>>) domain.get("sources");
    assertThat(asked).extracting(s -> s.get("provider")).containsOnly("virustotal");
    assertThat((List<Map<String, Object>>) domain.get("failed"))
        .extracting(f -> f.get("connection"))
        .containsExactly("otx-old");
  }

  @Test
  void badIndicatorsAndBadKeysAreRefusedWithoutRetrying() {
    assertThatThrownBy(() -> intel.one("acme", "virustotal", "vt", "ip", "999.1.1.1"))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo("InvalidInput"));
    assertThatThrownBy(() -> intel.one("acme", "virustotal", "vt", "ip", "example.com"))
        .hasMessageContaining("is a domain, not a ip");
    assertThatThrownBy(
            () -> intel.lookup("acme", new IntelActions.LookupInput("not an indicator", null)))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo("InvalidInput"));
    assertThatThrownBy(() -> intel.one("acme", "otx", "otx-old", "ip", "118.25.6.39"))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.type()).isEqualTo("IntelRefused"));
    assertThat(requests).hasSize(1);
  }
}
