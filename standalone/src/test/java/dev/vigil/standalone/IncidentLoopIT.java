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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts in, incidents out, through the HTTP API of a standalone Vigil: a real sshd log is
 * ingested, its alerts correlate into incidents (counted here from the alerts themselves, by the
 * default policy: one incident per entity within 24 hours), the bundled response policy starts the
 * containment playbook for the high-severity brute force and waits for an analyst, and analysts
 * work the incident through its lifecycle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentLoopIT {

  static Standalone vigil;
  static Api api;
  static final Path OPENSSH = Datasets.path("auth-logs/loghub-openssh/OpenSSH_2k.log");
  static final int YEAR = Year.now().getValue() - 1;
  static final String ATTACKER = "183.62.140.253";
  static String bruteForce;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    api.token("ana");
    api.token("ben");
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static JsonNode awaitJson(String path, String user, Predicate<JsonNode> done) {
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    Api.Res last = null;
    while (Instant.now().isBefore(end)) {
      last = api.get(path, user);
      if (last.status() == 200 && done.test(last.json())) {
        return last.json();
      }
      sleep(200);
    }
    throw new AssertionError(
        "timed out waiting on " + path + ": " + (last == null ? "" : last.text()));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> all(String path, String user) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      String sep = path.contains("?") ? "&" : "?";
      Api.Res r =
          api.get(path + sep + "limit=200" + (cursor == null ? "" : "&cursor=" + cursor), user);
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      r.at("/items").forEach(out::add);
      cursor =
          r.at("/nextCursor").isNull() || r.at("/nextCursor").isMissingNode()
              ? null
              : r.at("/nextCursor").asText();
    } while (cursor != null);
    return out;
  }

  static Api.Res post(String user, String path, String json) {
    return api.post(path, user, json);
  }

  @Test
  void theQueueStreamSendsEachChangedIncidentToItsTenantOnly() throws Exception {
    java.util.concurrent.BlockingQueue<String> mine =
        api.listen("/api/v1/incidents/stream", api.token("ana"));
    java.util.concurrent.BlockingQueue<String> theirs =
        api.listen("/api/v1/incidents/stream", api.token("globex", "ana"));
    assertThat(mine.poll(20, java.util.concurrent.TimeUnit.SECONDS)).contains("connected");
    assertThat(theirs.poll(20, java.util.concurrent.TimeUnit.SECONDS)).contains("connected");
    Api.Res created =
        api.post(
            "/api/v1/incidents",
            "ana",
            "{\"title\": \"Streamed incident\", \"severity\": \"medium\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.at("/id").asText();
    String event = null;
    long until = System.currentTimeMillis() + 20_000;
    while ((event == null || !event.contains(id)) && System.currentTimeMillis() < until) {
      event = mine.poll(1, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(event).as("the queue hears of the new incident").isNotNull().contains(id);
    assertThat(event).startsWith("event:incident").contains("Streamed incident");
    String data = event.substring(event.indexOf("data:") + 5).trim();
    assertThat(dev.vigil.playbook.json.Json.parse(data).path("openedAt").asText())
        .as("times as in GET /incidents")
        .matches("\\d{4}-\\d{2}-\\d{2}T.*");
    String leaked = theirs.poll(2, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(leaked == null ? "" : leaked).doesNotContain(id);
  }

  @Test
  @Order(1)
  void aRealLogBecomesOneIncidentPerAttackerAndTheHighOneWaitsForContainmentApproval()
      throws IOException {
    String log = Files.readString(OPENSSH, StandardCharsets.UTF_8);
    Api.Res r =
        api.send(
            "POST",
            "/api/v1/events?source=syslog-sshd&year=" + YEAR,
            List.of(
                new String[] {"Authorization", "Bearer " + api.token("eng")},
                new String[] {"Content-Type", "text/plain"}),
            log);
    assertThat(r.status()).as(r.text()).isEqualTo(202);

    // wait until the alerts stop changing and every one at or above low sits in an incident
    List<JsonNode> alerts = List.of();
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
    for (int stable = 0, last = -1; stable < 5; ) {
      sleep(500);
      alerts = all("/api/v1/alerts", "ana");
      long routed = alerts.stream().filter(a -> !a.at("/incidentId").isNull()).count();
      long due = alerts.stream().filter(a -> !a.at("/severity").asText().equals("info")).count();
      int now = alerts.size() * 1000 + (int) routed;
      stable = now == last && routed == due && due > 0 ? stable + 1 : 0;
      last = now;
      assertThat(Instant.now())
          .as(
              "alerts routed to incidents in time: %d of %d; unrouted: %s",
              routed,
              due,
              alerts.stream()
                  .filter(a -> a.at("/incidentId").isNull())
                  .map(JsonNode::toString)
                  .toList())
          .isBefore(giveUp);
    }
    // expected incidents, counted from the alerts by the default correlation policy
    Map<String, List<JsonNode>> byEntity = new HashMap<>();
    Instant first = null;
    Instant lastSeen = null;
    for (JsonNode a : alerts) {
      if (a.at("/severity").asText().equals("info")) {
        continue;
      }
      String entity =
          a.at("/entity/value").isNull()
              ? "alert:" + a.at("/id").asText()
              : a.at("/entity/kind").asText() + ":" + a.at("/entity/value").asText();
      byEntity.computeIfAbsent(entity, k -> new ArrayList<>()).add(a);
      Instant f = Instant.parse(a.at("/firstSeen").asText());
      Instant l = Instant.parse(a.at("/lastSeen").asText());
      first = first == null || f.isBefore(first) ? f : first;
      lastSeen = lastSeen == null || l.isAfter(lastSeen) ? l : lastSeen;
    }
    assertThat(Duration.between(first, lastSeen))
        .as("the sample spans less than the 24 h window, so no entity's alerts split")
        .isLessThan(Duration.ofHours(24));
    List<JsonNode> incidents = all("/api/v1/incidents", "ana");
    assertThat(incidents).hasSize(byEntity.size());
    for (List<JsonNode> group : byEntity.values()) {
      Set<String> ids = new HashSet<>();
      group.forEach(a -> ids.add(a.at("/incidentId").asText()));
      assertThat(ids).as("the alerts of one entity share one incident").hasSize(1);
    }
    long alertsInIncidents = incidents.stream().mapToLong(i -> i.at("/alertCount").asLong()).sum();
    assertThat(alertsInIncidents).isEqualTo(byEntity.values().stream().mapToLong(List::size).sum());

    JsonNode mine =
        incidents.stream()
            .filter(i -> i.at("/entities").toString().contains(ATTACKER))
            .findFirst()
            .orElseThrow();
    bruteForce = mine.at("/id").asText();
    assertThat(mine.at("/severity").asText()).isIn("high", "critical");
    assertThat(mine.at("/status").asText()).isEqualTo("new");
    assertThat(mine.at("/sla/acknowledgeBy").isNull()).isFalse();
    long events =
        byEntity.get("ip:" + ATTACKER).stream().mapToLong(a -> a.at("/eventCount").asLong()).sum();
    assertThat(mine.at("/eventCount").asLong()).isEqualTo(events);

    // the bundled response: containment, waiting for an analyst's approval
    JsonNode detail =
        awaitJson(
            "/api/v1/incidents/" + bruteForce,
            "ana",
            d -> d.at("/runs").toString().contains("waiting_approval"));
    JsonNode run = detail.at("/runs/0");
    assertThat(run.at("/playbook").asText()).isEqualTo("incident-containment");
    assertThat(run.at("/responseId").asText()).isEqualTo("contain-high");
    assertThat(run.at("/approvals/0/status").asText()).isEqualTo("pending");
    assertThat(run.at("/approvals/0/prompt").asText()).contains(ATTACKER).contains(bruteForce);
    assertThat(detail.at("/timeline").toString()).contains("run_started");
    // template: a credential attack gets its checklist; observables come from the alerts
    assertThat(detail.at("/title").asText()).isEqualTo("Credential attack from " + ATTACKER);
    assertThat(detail.at("/tasks").size()).isEqualTo(3);
    assertThat(detail.at("/observables").toString()).contains("\"value\":\"" + ATTACKER + "\"");
    assertThat(detail.at("/alerts/0/origin/incidentId").asText()).isEqualTo(bruteForce);

    // medium and low incidents got their own response playbooks
    for (JsonNode i : incidents) {
      JsonNode d = api.get("/api/v1/incidents/" + i.at("/id").asText(), "ana").json();
      String expected =
          switch (d.at("/timeline/0/data/severity").asText()) {
            case "high", "critical" -> "incident-containment";
            case "medium" -> "incident-notify";
            default -> "incident-log";
          };
      awaitJson("/api/v1/incidents/" + i.at("/id").asText(), "ana", x -> x.at("/runs").size() == 1);
      assertThat(
              api.get("/api/v1/incidents/" + i.at("/id").asText(), "ana")
                  .at("/runs/0/playbook")
                  .asText())
          .isEqualTo(expected);
    }
  }

  @Test
  @Order(2)
  void analystsWorkTheIncidentAndRefusedChangesSayWhy() {
    String base = "/api/v1/incidents/" + bruteForce;
    Api.Res ack = post("ana", base + "/acknowledge", "{}");
    assertThat(ack.status()).as(ack.text()).isEqualTo(200);
    assertThat(ack.at("/status").asText()).isEqualTo("acknowledged");
    assertThat(ack.at("/durations/timeToAcknowledge").asLong()).isPositive();
    assertThat(ack.at("/sla/acknowledgeBy").isNull()).isTrue();

    Api.Res again = post("ben", base + "/acknowledge", "{}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.at("/allowed").toString())
        .isEqualTo("[\"in_progress\",\"contained\",\"resolved\",\"closed\"]");

    Api.Res assign = post("ana", base + "/assign", "{\"assignee\": \"ben\"}");
    assertThat(assign.at("/assignee").asText()).isEqualTo("ben");
    Api.Res stranger = post("ana", base + "/assign", "{\"assignee\": \"nobody-here\"}");
    assertThat(stranger.status()).isEqualTo(422);
    assertThat(stranger.at("/errors/0/pointer").asText()).isEqualTo("/assignee");

    Api.Res progress = post("ben", base + "/status", "{\"status\": \"in_progress\"}");
    assertThat(progress.status()).as(progress.text()).isEqualTo(200);
    // the template's "contain" task is bound to the containment playbook: run it from the task
    assertThat(post("vic", base + "/tasks/contain/run", "{}").status()).isEqualTo(403);
    Api.Res noPlaybook = post("ben", base + "/tasks/scope/run", "{}");
    assertThat(noPlaybook.status()).as(noPlaybook.text()).isEqualTo(409);
    assertThat(noPlaybook.text()).contains("has no playbook");
    Api.Res badInputs = post("ben", base + "/tasks/contain/run", "{\"inputs\": {\"ip\": 42}}");
    assertThat(badInputs.status()).as(badInputs.text()).isEqualTo(422);
    assertThat(badInputs.at("/errors/0/pointer").asText()).isEqualTo("/inputs");
    assertThat(badInputs.text()).contains("could not start");
    Api.Res taskRun = post("ben", base + "/tasks/contain/run", "{}");
    assertThat(taskRun.status()).as(taskRun.text()).isEqualTo(200);
    JsonNode started = null;
    for (JsonNode r : taskRun.at("/runs")) {
      if (r.at("/responseId").asText().equals("task:contain")) {
        started = r;
      }
    }
    assertThat(started).as("the task's run is linked to the incident").isNotNull();
    assertThat(started.at("/playbook").asText()).isEqualTo("incident-containment");
    String taskRunId = started.at("/runId").asText();
    JsonNode runView =
        awaitJson(
            "/api/v1/runs/" + taskRunId,
            "ben",
            r -> r.at("/status").asText().equals("waiting_approval"));
    assertThat(runView.at("/startedBy").asText()).isEqualTo("ben");
    assertThat(runView.at("/inputs/ip").asText())
        .as("the task's inputs came from the incident's entities")
        .isEqualTo(ATTACKER);
    Api.Res selfApproval =
        post(
            "ben",
            "/api/v1/runs/" + taskRunId + "/approvals/approve",
            "{\"decision\": \"approve\"}");
    assertThat(selfApproval.status()).as("four-eyes: ben started it").isEqualTo(403);
    Api.Res cancel = post("ben", "/api/v1/runs/" + taskRunId + "/cancel", "{}");
    assertThat(cancel.status()).as(cancel.text()).isIn(200, 202);

    Api.Res back = post("ben", base + "/status", "{\"status\": \"acknowledged\"}");
    assertThat(back.status()).isEqualTo(409);
    assertThat(back.at("/allowed").toString()).isEqualTo("[\"contained\",\"resolved\",\"closed\"]");
    Api.Res noReason = post("ben", base + "/status", "{\"status\": \"resolved\"}");
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.at("/errors/0/pointer").asText()).isEqualTo("/reason");

    assertThat(post("vic", base + "/comments", "{\"body\": \"hi\"}").status()).isEqualTo(403);
    assertThat(post("eng", base + "/comments", "{\"body\": \"hi\"}").status()).isEqualTo(403);
    Api.Res comment =
        post(
            "ben",
            base + "/comments",
            "{\"body\": \"Blocked **" + ATTACKER + "** upstream, @ana please verify\"}");
    assertThat(comment.status()).as(comment.text()).isEqualTo(200);
    JsonNode c = comment.at("/timeline");
    JsonNode lastComment = c.get(c.size() - 1);
    assertThat(lastComment.at("/kind").asText()).isEqualTo("comment");
    assertThat(lastComment.at("/actor").asText()).isEqualTo("ben");
    assertThat(lastComment.at("/data/mentions").toString()).isEqualTo("[\"ana\"]");

    Api.Res badIp =
        post("ana", base + "/observables", "{\"kind\": \"ip\", \"value\": \"999.1.1.1\"}");
    assertThat(badIp.status()).isEqualTo(422);
    assertThat(badIp.at("/errors/0/pointer").asText()).isEqualTo("/value");
    Api.Res hash =
        post(
            "ana",
            base + "/observables",
            "{\"kind\": \"hash\", \"value\": \"D41D8CD98F00B204E9800998ECF8427E\", \"tlp\": \"red\"}");
    assertThat(hash.at("/observables").toString())
        .contains("d41d8cd98f00b204e9800998ecf8427e")
        .contains("\"tlp\":\"red\"");

    // the queue finds it by filters and full text (comments included)
    assertThat(
            api.get("/api/v1/incidents?status=in_progress&assignee=ben", "vic")
                .at("/items/0/id")
                .asText())
        .isEqualTo(bruteForce);
    assertThat(api.get("/api/v1/incidents?q=upstream", "vic").at("/items").size()).isEqualTo(1);
    assertThat(api.get("/api/v1/incidents?entity=" + ATTACKER, "vic").at("/items/0/id").asText())
        .isEqualTo(bruteForce);
    assertThat(api.get("/api/v1/incidents?status=bogus", "vic").status()).isEqualTo(422);
    assertThat(post("ana", base + "/tags", "{\"add\": [\"ssh\", \"dictionary\"]}").status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/incidents?tag=dictionary", "vic").at("/items/0/id").asText())
        .isEqualTo(bruteForce);
    assertThat(post("ana", base + "/tags", "{\"remove\": [\"dictionary\"]}").status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/incidents?tag=dictionary", "vic").at("/items").size()).isZero();
  }

  @Test
  @Order(3)
  void theContainmentIsApprovedFromTheIncidentAndAMergeKeepsProvenance() {
    String base = "/api/v1/incidents/" + bruteForce;
    JsonNode run = api.get(base, "ana").at("/runs/0");
    Api.Res vote =
        post(
            "ana",
            "/api/v1/runs/" + run.at("/runId").asText() + "/approvals/approve",
            "{\"decision\": \"approve\", \"comment\": \"go\"}");
    assertThat(vote.status()).as(vote.text()).isEqualTo(200);
    JsonNode after =
        awaitJson(base, "ana", d -> !d.at("/runs/0/status").asText().equals("waiting_approval"));
    assertThat(after.at("/timeline").toString())
        .as("the vote is on the incident's timeline")
        .contains("\"kind\":\"vote\"")
        .contains("ana voted approve: go")
        .contains("\"origin\":\"run:" + run.at("/runId").asText() + "\"");

    Api.Res manual =
        post(
            "ana",
            "/api/v1/incidents",
            "{\"title\": \"User reports odd SSH prompts\", \"severity\": \"low\", \"description\": \"from the helpdesk\"}");
    assertThat(manual.status()).as(manual.text()).isEqualTo(201);
    String dup = manual.at("/id").asText();
    assertThat(manual.at("/openedBy").asText()).isEqualTo("ana");
    post(
        "ana",
        "/api/v1/incidents/" + dup + "/comments",
        "{\"body\": \"caller saw a host key warning\"}");
    Api.Res merged =
        post("ana", "/api/v1/incidents/" + dup + "/merge", "{\"into\": \"" + bruteForce + "\"}");
    assertThat(merged.status()).as(merged.text()).isEqualTo(200);
    assertThat(merged.at("/status").asText()).isEqualTo("closed");
    assertThat(merged.at("/closeReason").asText()).isEqualTo("duplicate");
    assertThat(merged.at("/mergedInto").asText()).isEqualTo(bruteForce);
    JsonNode survivor =
        awaitJson(base, "ana", d -> d.at("/timeline").toString().contains("host key warning"));
    JsonNode copied = null;
    for (JsonNode t : survivor.at("/timeline")) {
      if (t.at("/data/body").asText().contains("host key warning")) {
        copied = t;
      }
    }
    assertThat(copied.at("/origin").asText())
        .as("a merged comment says where it came from")
        .isEqualTo(dup);
    Api.Res late = post("ana", "/api/v1/incidents/" + dup + "/comments", "{\"body\": \"late\"}");
    assertThat(late.status()).isEqualTo(409);

    Api.Res resolved =
        post("ben", base + "/status", "{\"status\": \"resolved\", \"reason\": \"true_positive\"}");
    assertThat(resolved.status()).as(resolved.text()).isEqualTo(200);
    assertThat(resolved.at("/durations/timeToResolve").asLong()).isPositive();
    Api.Res closed =
        post("ben", base + "/status", "{\"status\": \"closed\", \"reason\": \"true_positive\"}");
    assertThat(closed.status()).as("mandatory template tasks are open").isEqualTo(409);
    assertThat(closed.text()).contains("Check which accounts");
    for (String task : List.of("scope", "contain")) {
      assertThat(post("ben", base + "/tasks/" + task, "{\"status\": \"done\"}").status())
          .isEqualTo(200);
    }
    Api.Res done =
        post("ben", base + "/status", "{\"status\": \"closed\", \"reason\": \"true_positive\"}");
    assertThat(done.status()).as(done.text()).isEqualTo(200);
    assertThat(done.at("/durations/handlingTime").asLong()).isPositive();

    JsonNode metrics = api.get("/api/v1/incidents/metrics?days=30", "vic").json();
    assertThat(metrics.at("/mttaMillis").asLong()).isPositive();
    assertThat(metrics.at("/mttrMillis").asLong()).isPositive();
    assertThat(
            metrics.at("/openBySeverity/high").asLong()
                + metrics.at("/openBySeverity/critical").asLong())
        .as("the other attackers' incidents are still open")
        .isPositive();
  }

  @Test
  @Order(4)
  void anotherTenantSeesAndChangesNothing() {
    String other = api.token("globex", "gus");
    Api.Res read =
        api.send(
            "GET",
            "/api/v1/incidents/" + bruteForce,
            List.<String[]>of(new String[] {"Authorization", "Bearer " + other}),
            null);
    assertThat(read.status()).isEqualTo(404);
    Api.Res change =
        api.send(
            "POST",
            "/api/v1/incidents/" + bruteForce + "/comments",
            List.of(
                new String[] {"Authorization", "Bearer " + other},
                new String[] {"Content-Type", "application/json"}),
            "{\"body\": \"x\"}");
    assertThat(change.status()).isEqualTo(404);
    Api.Res list =
        api.send(
            "GET",
            "/api/v1/incidents",
            List.<String[]>of(new String[] {"Authorization", "Bearer " + other}),
            null);
    assertThat(list.at("/items").size()).isZero();
  }

  @Test
  @Order(5)
  void aCampaignOf3561FailedLogonsIsOneIncidentWithOneAlertPerRule() throws IOException {
    Path smb = Datasets.path("windows-events/DeepBlueCLI/smb-password-guessing-security.jsonl");
    List<String> lines = Files.readAllLines(smb, StandardCharsets.UTF_8);
    long failures = lines.stream().filter(l -> l.contains("\"EventID\": \"4625\"")).count();
    // the log is from 2016: moved to ten minutes ago, keeping its spacing (ingest refuses years-old
    // events)
    java.util.regex.Pattern time = java.util.regex.Pattern.compile("\"TimeCreated\": \"([^\"]+)\"");
    java.time.format.DateTimeFormatter f =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
    java.time.LocalDateTime first = null;
    java.time.LocalDateTime base =
        java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10);
    StringBuilder body = new StringBuilder();
    for (String l : lines) {
      java.util.regex.Matcher m = time.matcher(l);
      if (!m.find()) {
        continue;
      }
      java.time.LocalDateTime t = java.time.LocalDateTime.parse(m.group(1), f);
      first = first == null ? t : first;
      String moved = base.plus(Duration.between(first, t)).format(f);
      body.append(l, 0, m.start(1)).append(moved).append(l.substring(m.end(1))).append('\n');
    }
    String key = api.token("winlab", "eng");
    Api.Res r =
        api.send(
            "POST",
            "/api/v1/events?source=windows-security",
            List.of(
                new String[] {"Authorization", "Bearer " + key},
                new String[] {"Content-Type", "application/x-ndjson"}),
            body.toString());
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(r.at("/accepted").asLong()).isEqualTo(failures);
    String ana = api.token("winlab", "ana");
    JsonNode incidents = null;
    for (int i = 0; i < 300; i++) {
      Api.Res q =
          api.send(
              "GET",
              "/api/v1/incidents?entity=192.168.198.149",
              List.<String[]>of(new String[] {"Authorization", "Bearer " + ana}),
              null);
      if (q.at("/items").size() > 0 && q.at("/items/0/eventCount").asLong() >= failures) {
        incidents = q.at("/items");
        break;
      }
      sleep(200);
    }
    assertThat(incidents).as("the campaign's incident").isNotNull();
    assertThat(incidents.size()).as("one campaign, one incident").isEqualTo(1);
    Api.Res detail =
        api.send(
            "GET",
            "/api/v1/incidents/" + incidents.at("/0/id").asText(),
            List.<String[]>of(new String[] {"Authorization", "Bearer " + ana}),
            null);
    Set<String> rules = new HashSet<>();
    for (JsonNode a : detail.at("/alerts")) {
      assertThat(rules.add(a.at("/rule/key").asText())).as("one alert per rule: " + a).isTrue();
    }
    JsonNode perSource = null;
    for (JsonNode a : detail.at("/alerts")) {
      if (a.at("/rule/key").asText().equals("login-failures-per-source")) {
        perSource = a;
      }
    }
    assertThat(perSource).as("the brute-force alert").isNotNull();
    assertThat(perSource.at("/eventCount").asLong()).isEqualTo(failures);
  }
}
