package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events in, alerts out, through the HTTP API of a standalone Vigil: ingest of a real log file, the
 * detection consumer in the background, alerts with evidence, feedback, rule tests, Sigma import,
 * the ingest-only role and tenant isolation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocLoopIT {

  static Standalone vigil;
  static Api api;
  static final Path OPENSSH = Datasets.path("auth-logs/loghub-openssh/OpenSSH_2k.log");

  /** The sample has no year; last year keeps it inside what ingest accepts. */
  static final int YEAR = Year.now().getValue() - 1;

  static String bruteForceAlert;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args(
                "--vigil.api.ingest-requests-per-minute=40",
                "--vigil.api.ingest-max-body-bytes=3000000"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static Api.Res ingest(String key, String query, String type, String body, String... headers) {
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Authorization", "Bearer " + key});
    h.add(new String[] {"Content-Type", type});
    for (int i = 0; i < headers.length; i += 2) {
      h.add(new String[] {headers[i], headers[i + 1]});
    }
    return api.send("POST", "/api/v1/events?" + query, h, body);
  }

  /** Events the sample holds, counted from its text: one a line, N for "repeated N times". */
  static int expectedEvents(List<String> lines) {
    Pattern repeated = Pattern.compile("message repeated (\\d+) times");
    int n = 0;
    for (String l : lines) {
      if (l.isBlank()) {
        continue;
      }
      Matcher m = repeated.matcher(l);
      n += m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
    return n;
  }

  @Test
  @Order(1)
  void aRealLogFileRaisesAlertsWithTheirEvidence() throws IOException {
    String log = Files.readString(OPENSSH, StandardCharsets.UTF_8);
    Api.Res r = ingest(api.token("eng"), "source=syslog-sshd&year=" + YEAR, "text/plain", log);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(r.at("/accepted").asInt()).isEqualTo(expectedEvents(log.lines().toList()));
    assertThat(r.at("/rejected").asInt()).isZero();

    JsonNode alert = awaitAlert("rule=login-failures-per-source&entity=183.62.140.253");
    bruteForceAlert = alert.at("/id").asText();
    assertThat(alert.at("/severity").asText()).isEqualTo("high");
    assertThat(alert.at("/entity/kind").asText()).isEqualTo("ip");
    assertThat(alert.at("/group/src.ip").asText()).isEqualTo("183.62.140.253");
    assertThat(alert.at("/mitre").toString()).contains("T1110");
    assertThat(alert.at("/firstSeen").asText()).startsWith(YEAR + "-12-10T");

    Api.Res detail = api.get("/api/v1/alerts/" + bruteForceAlert, "ana");
    assertThat(detail.status()).isEqualTo(200);
    JsonNode evidence = detail.at("/evidence");
    assertThat(evidence.size()).isBetween(5, 100);
    long count = detail.at("/eventCount").asLong();
    assertThat(evidence.size()).isEqualTo((int) Math.min(count, 100));
    for (JsonNode e : evidence) {
      assertThat(e.at("/src/ip").asText()).isEqualTo("183.62.140.253");
      assertThat(e.at("/type").asText()).isEqualTo("authentication");
      assertThat(e.at("/outcome").asText()).isEqualTo("failure");
      assertThat(e.at("/raw").asText()).contains("183.62.140.253");
    }
  }

  @Test
  @Order(2)
  void theSameBatchSentTwiceIsStoredOnce() {
    String body =
        "Dec 11 07:00:00 web-9 sshd[1]: Accepted password for alice from 198.51.100.4 port 5000"
            + " ssh2\n";
    String key = api.token("eng");
    Api.Res first =
        ingest(
            key, "source=syslog-sshd&year=" + YEAR, "text/plain", body, "Idempotency-Key", "b-1");
    Api.Res again =
        ingest(
            key, "source=syslog-sshd&year=" + YEAR, "text/plain", body, "Idempotency-Key", "b-1");
    assertThat(first.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.text()).isEqualTo(first.text());
    Api.Res found = api.get("/api/v1/events?user=alice&ip=198.51.100.4", "ana");
    assertThat(found.at("/items").size()).isEqualTo(1);
  }

  @Test
  @Order(3)
  void badRecordsAreReportedAndNeverCostTheGoodOnes() {
    String key = api.token("eng");
    String ndjson =
        "{\"time\": \"2026-11-30T10:00:00Z\", \"category\": \"auth\", \"type\": \"authentication\","
            + " \"outcome\": \"failure\", \"src\": {\"ip\": \"203.0.113.9\"}}\n"
            + "{\"time\": \"2026-11-30T10:00:01Z\", \"category\": \"auth\", \"type\":\n"
            + "{\"time\": \"2026-11-30T10:00:02Z\", \"category\": \"auth\", \"type\": \"authentication\","
            + " \"src\": {\"ip\": \"300.1.2.3\"}}\n"
            + "{\"time\": \"2026-11-30T10:00:03Z\", \"category\": \"weather\", \"type\": \"log\"}\n"
            + "{\"time\": \"2026-11-30T10:00:04Z\", \"category\": \"auth\", \"type\": \"authentication\","
            + " \"outcome\": \"success\"}\n";
    Api.Res r = ingest(key, "source=vigil", "application/x-ndjson", ndjson);
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(r.at("/accepted").asInt()).isEqualTo(2);
    assertThat(r.at("/rejected").asInt()).isEqualTo(3);
    assertThat(r.at("/errors/0/index").asInt()).isEqualTo(1);
    assertThat(r.at("/errors/1/index").asInt()).isEqualTo(2);
    assertThat(r.at("/errors/1/pointer").asText()).isEqualTo("/src/ip");
    assertThat(r.at("/errors/2/pointer").asText()).isEqualTo("/category");

    Api.Res unknown = ingest(key, "source=netflow", "application/json", "[]");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.at("/errors/0/pointer").asText()).isEqualTo("/source");
    Api.Res text = ingest(key, "source=windows-security", "text/plain", "x");
    assertThat(text.status()).isEqualTo(415);
    Api.Res tz = ingest(key, "source=syslog-sshd&timezone=Mars/Base", "text/plain", "x");
    assertThat(tz.at("/errors/0/pointer").asText()).isEqualTo("/timezone");
    Api.Res truncated =
        ingest(
            key,
            "source=vigil",
            "application/json",
            "[{\"time\": \"2026-11-30T10:00:00Z\", \"category\": \"ops\", \"type\": \"log\"}, {\"ti");
    assertThat(truncated.status()).isEqualTo(202);
    assertThat(truncated.at("/accepted").asInt()).isEqualTo(1);
    assertThat(truncated.at("/rejected").asInt()).isEqualTo(1);
  }

  @Test
  @Order(4)
  void tenThousandFuzzedRecordsNeverAnswerAServerError() throws IOException {
    List<String> seeds = new ArrayList<>();
    seeds.addAll(
        Files.readAllLines(Datasets.path("suricata/test6-malicious.suricata.json"))
            .subList(0, 200));
    seeds.addAll(
        Files.readAllLines(
            Datasets.path("windows-events/EVTX-to-MITRE-Attack/ID4648-4624-RunAsCS login.jsonl")));
    Random random = new Random(42);
    String key = api.token("eng");
    String[] sources = {"suricata-eve", "windows-security", "wazuh-alert", "vigil"};
    for (int batch = 0; batch < 10; batch++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 1_000; i++) {
        sb.append(mutate(seeds.get(random.nextInt(seeds.size())), random)).append('\n');
      }
      Api.Res r =
          ingest(key, "source=" + sources[batch % 4], "application/x-ndjson", sb.toString());
      assertThat(r.status()).as(r.text()).isEqualTo(202);
      assertThat(r.at("/rejected").asInt()).isBetween(0, 1_000);
    }
  }

  static String mutate(String s, Random r) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits && b.length() > 0; i++) {
      int at = r.nextInt(b.length());
      switch (r.nextInt(5)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, "\"\\u0000{[,:-}".charAt(r.nextInt(12)));
        case 2 -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
        case 3 -> b.replace(at, Math.min(b.length(), at + 8), "\"-\"");
        default -> b.insert(at, String.valueOf(r.nextLong()));
      }
    }
    return b.toString();
  }

  @Test
  @Order(5)
  void analystsGiveFeedbackThatRulesShowAsAFalsePositiveRate() {
    Api.Res fp =
        api.post(
            "/api/v1/alerts/" + bruteForceAlert + "/feedback",
            "ana",
            "{\"verdict\": \"false_positive\", \"comment\": \"our scanner\"}");
    assertThat(fp.status()).as(fp.text()).isEqualTo(200);
    assertThat(fp.at("/feedback/verdict").asText()).isEqualTo("false_positive");
    assertThat(fp.at("/feedback/by").asText()).isEqualTo("ana");
    Api.Res ack =
        api.post(
            "/api/v1/alerts/" + bruteForceAlert + "/status",
            "ana",
            "{\"status\": \"acknowledged\"}");
    assertThat(ack.at("/status").asText()).isEqualTo("acknowledged");
    assertThat(
            api.post(
                    "/api/v1/alerts/" + bruteForceAlert + "/status",
                    "ana",
                    "{\"status\": \"open\"}")
                .at("/errors/0/pointer")
                .asText())
        .isEqualTo("/status");
    assertThat(
            api.post(
                    "/api/v1/alerts/" + bruteForceAlert + "/feedback",
                    "vic",
                    "{\"verdict\": \"benign\"}")
                .status())
        .isEqualTo(403);
    JsonNode rules = api.get("/api/v1/detections", "eng").at("/items");
    JsonNode perSource = null;
    for (JsonNode rule : rules) {
      if (rule.at("/key").asText().equals("login-failures-per-source")) {
        perSource = rule;
      }
    }
    assertThat(perSource).isNotNull();
    long alerts = perSource.at("/alerts").asLong();
    assertThat(alerts).isPositive();
    assertThat(perSource.at("/falsePositiveRate").asDouble()).isEqualTo(1.0);
    Api.Res audit = api.get("/api/v1/audit?action=alert.feedback", "aud");
    assertThat(audit.text()).contains(bruteForceAlert);
  }

  @Test
  @Order(6)
  void aRuleTestShowsWhatItWouldRaiseAndRaisesNothing() {
    long before = alertCount();
    Api.Res r =
        api.post(
            "/api/v1/detections/login-failures-per-user/test",
            "eng",
            "{\"from\": \""
                + YEAR
                + "-12-10T00:00:00Z\", \"to\": \""
                + YEAR
                + "-12-11T00:00:00Z\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.at("/events").asLong()).isPositive();
    assertThat(r.at("/alerts").size()).isPositive();
    assertThat(r.at("/alerts/0/rule/key").asText()).isEqualTo("login-failures-per-user");
    assertThat(alertCount()).isEqualTo(before);
  }

  @Test
  @Order(7)
  void sigmaRulesAreTranslatedOrRefusedAtTheirPointer() {
    String yaml =
        """
        title: Failed logon for admin from outside
        id: 1b0a6f5c-2f7e-4a8e-9e1a-0c9f0e7e1a11
        status: test
        level: high
        tags: [attack.t1110]
        logsource: {product: windows, service: security}
        detection:
          selection:
            EventID: 4625
            TargetUserName|startswith: adm
          condition: selection
        """;
    List<String[]> h = new ArrayList<>();
    h.add(new String[] {"Authorization", "Bearer " + api.token("eng")});
    h.add(new String[] {"Content-Type", "application/yaml"});
    Api.Res dry = api.send("POST", "/api/v1/detections/sigma?dryRun=true", h, yaml);
    assertThat(dry.status()).as(dry.text()).isEqualTo(200);
    assertThat(dry.at("/published").isNull()).isTrue();
    assertThat(dry.at("/rule/kind").asText()).isEqualTo("match");
    String key = dry.at("/rule/key").asText();
    assertThat(api.get("/api/v1/detections/" + key, "eng").status()).isEqualTo(404);
    Api.Res published = api.send("POST", "/api/v1/detections/sigma", h, yaml);
    assertThat(published.status()).as(published.text()).isEqualTo(201);
    assertThat(api.get("/api/v1/detections/" + key, "eng").at("/origin").asText())
        .isEqualTo("sigma");
    Api.Res bad =
        api.send(
            "POST",
            "/api/v1/detections/sigma",
            h,
            yaml.replace("TargetUserName|startswith", "TargetUserName|base64offset|contains"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.at("/errors/0/pointer").asText()).startsWith("/detection/selection/");
  }

  @Test
  @Order(8)
  void anIngestKeyIngestsIntoItsTenantAndDoesNothingElse() {
    Api.Res key =
        api.adminSession("globex")
            .post("/api/v1/api-keys", "{\"name\": \"sensor\", \"role\": \"ingestor\"}");
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    String sensor = key.at("/key").asText();
    Api.Res r =
        ingest(
            sensor,
            "source=syslog-sshd&year=" + YEAR,
            "text/plain",
            "Dec 12 01:00:00 gx-1 sshd[2]: Failed password for root from 192.0.2.77 port 1 ssh2\n");
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(api.withKey("GET", "/api/v1/events", sensor, null).status()).isEqualTo(403);
    assertThat(api.withKey("GET", "/api/v1/alerts", sensor, null).status()).isEqualTo(403);
    assertThat(api.withKey("GET", "/api/v1/runs", sensor, null).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/events?ip=192.0.2.77", "ana").at("/items").size())
        .as("tenant default does not see globex's event")
        .isZero();
    Api.Res member =
        api.adminSession("globex")
            .post("/api/v1/users", "{\"username\": \"sensor-person\", \"role\": \"ingestor\"}");
    assertThat(member.status()).isEqualTo(422);
    String globexOwner = api.token("globex", "gus");
    assertThat(api.withKey("GET", "/api/v1/detections", globexOwner, null).text())
        .as("a new tenant starts with the bundled rules")
        .contains("\"key\":\"login-failures-per-source\"")
        .contains("\"key\":\"password-spray\"");
    assertThat(api.withKey("GET", "/api/v1/alerts/" + bruteForceAlert, globexOwner, null).status())
        .isEqualTo(404);
    assertThat(api.withKey("GET", "/api/v1/alerts", globexOwner, null).text())
        .doesNotContain(bruteForceAlert);
  }

  @Test
  @Order(9)
  void eventsAreSearchableAndReadableAsEcsAndOcsf() {
    Api.Res accepted =
        api.get("/api/v1/events?q=Accepted&type=authentication&outcome=success", "ana");
    assertThat(accepted.at("/items").size()).isPositive();
    for (JsonNode e : accepted.at("/items")) {
      assertThat(e.at("/raw").asText()).contains("Accepted");
    }
    JsonNode ecs = api.get("/api/v1/events?ip=183.62.140.253&as=ecs&limit=1", "ana").at("/items/0");
    assertThat(ecs.at("/@timestamp").asText()).startsWith(YEAR + "-12-10");
    assertThat(ecs.at("/source/ip").asText()).isEqualTo("183.62.140.253");
    JsonNode ocsf =
        api.get("/api/v1/events?ip=183.62.140.253&as=ocsf&limit=1", "ana").at("/items/0");
    assertThat(ocsf.at("/src_endpoint/ip").asText()).isEqualTo("183.62.140.253");
    Api.Res page = api.get("/api/v1/events?ip=183.62.140.253&limit=2", "ana");
    Api.Res next =
        api.get(
            "/api/v1/events?ip=183.62.140.253&limit=2&cursor=" + page.at("/nextCursor").asText(),
            "ana");
    assertThat(next.at("/items/0/id").asText()).isNotEqualTo(page.at("/items/0/id").asText());
    assertThat(api.get("/api/v1/events?as=xml", "ana").status()).isEqualTo(422);
    Api.Res sources = api.get("/api/v1/sources", "ana");
    assertThat(sources.text()).contains("\"format\":\"syslog-sshd\"").contains("LabSZ");
  }

  @Test
  @Order(10)
  void ingestHasItsOwnBodyLimitAndRateLimitPerTenant() {
    String key = api.token("eng");
    StringBuilder big = new StringBuilder();
    String record =
        "{\"time\": \"2026-11-30T10:00:00Z\", \"category\": \"ops\", \"type\": \"log\","
            + " \"message\": \"padding padding padding padding padding padding padding\"}\n";
    while (big.length() < 2_000_000) {
      big.append(record);
    }
    // larger than the API's general 1 MiB limit, inside the ingest limit
    Api.Res ok = ingest(key, "source=vigil", "application/x-ndjson", big.toString());
    assertThat(ok.status()).as(ok.text()).isEqualTo(202);
    while (big.length() < 3_100_000) {
      big.append(record);
    }
    Api.Res tooBig = ingest(key, "source=vigil", "application/x-ndjson", big.toString());
    assertThat(tooBig.status()).isEqualTo(413);
    Api.Res elsewhere =
        api.post(
            "/api/v1/playbooks/validate", "eng", "{\"key\": \"" + "x".repeat(1_100_000) + "\"}");
    assertThat(elsewhere.status()).as("other endpoints keep the general limit").isEqualTo(413);

    String line =
        "Dec 12 01:00:00 gx-1 sshd[2]: Failed password for root from 192.0.2.9 port 1 ssh2\n";
    Api.Res limited = null;
    for (int i = 0; i < 60 && limited == null; i++) {
      Api.Res r = ingest(key, "source=syslog-sshd&year=" + YEAR, "text/plain", line);
      if (r.status() == 429) {
        limited = r;
      } else {
        assertThat(r.status()).as(r.text()).isEqualTo(202);
      }
    }
    assertThat(limited).as("40 requests a minute, then 429").isNotNull();
    assertThat(limited.at("/type").asText()).endsWith("/rate-limited");
    String sensor =
        api.adminSession("globex")
            .post("/api/v1/api-keys", "{\"name\": \"sensor-2\", \"role\": \"ingestor\"}")
            .at("/key")
            .asText();
    assertThat(ingest(sensor, "source=syslog-sshd&year=" + YEAR, "text/plain", line).status())
        .as("another tenant has its own budget")
        .isEqualTo(202);
  }

  @Test
  @Order(11)
  void settingsRefuseUnknownKeysAndBadValuesAtTheirPointer() {
    Api.Session admin = api.adminSession("default");
    Api.Res r =
        admin.send(
            "PATCH",
            "/api/v1/settings",
            "{\"timezone\": \"Mars/Base\", \"retentionDays\": 0, \"scanScoop\": [],"
                + " \"sourceSilence\": {\"syslog-sshd\": \"soon\"}}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.at("/errors").findValuesAsText("pointer"))
        .containsExactlyInAnyOrder(
            "/scanScoop", "/timezone", "/retentionDays", "/sourceSilence/syslog-sshd");
    assertThat(api.get("/api/v1/settings", "ana").at("/timezone").asText()).isEqualTo("UTC");
    Api.Res ok =
        admin.send(
            "PATCH", "/api/v1/settings", "{\"timezone\": \"Europe/Paris\", \"retentionDays\": 7}");
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(api.get("/api/v1/settings", "ana").at("/retentionDays").asInt()).isEqualTo(7);
  }

  static long alertCount() {
    long n = 0;
    String cursor = null;
    do {
      Api.Res r =
          api.get("/api/v1/alerts?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), "ana");
      n += r.at("/items").size();
      cursor =
          r.at("/nextCursor").isNull() || r.at("/nextCursor").isMissingNode()
              ? null
              : r.at("/nextCursor").asText();
    } while (cursor != null);
    return n;
  }

  static JsonNode awaitAlert(String query) {
    Instant end = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(end)) {
      Api.Res r = api.get("/api/v1/alerts?" + query, "ana");
      if (r.status() == 200 && r.at("/items").size() > 0) {
        return r.at("/items/0");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no alert for " + query + " within 30 s");
  }
}
