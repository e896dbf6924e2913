package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.activities.response.ResponseStub;
import dev.vigil.activities.slack.SlackStub;
import dev.vigil.api.slack.SlackSignature;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approval decided from Slack: a route sends approvals to a Slack connection (a local server
 * answering as Slack's Web API), the message carries Approve and Reject buttons, and a click — a
 * request signed as Slack signs them — is the vote of the member with the Slack user's e-mail,
 * under the same rules as a vote in the UI. Forged, replayed and refused clicks change nothing and
 * are audited; the refused user is told why; the message ends up showing who approved. Last, the
 * README's walkthrough: an incident's bundled containment approved from Slack after its escalation
 * (Temporal's clock skipped half an hour), then carried out through Okta, the firewall and Slack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(
    org.springframework.boot.test.system.OutputCaptureExtension.class)
class SlackApprovalIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static Standalone vigil;
  static Api api;
  static SlackStub slack;
  static ResponseStub services;
  static String interactionsUrl;
  static int temporalPort;

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    slack = new SlackStub();
    services = new ResponseStub();
    temporalPort = Ports.free();
    vigil = Standalone.start(new StandaloneSettings(data, 0, temporalPort, null, null), Api.args());
    api = new Api(vigil.port());
    Api.Session admin = api.adminSession("default");
    for (String[] m :
        List.of(
            new String[] {"ana", "analyst", "ana@example.com", "U0ANA00001"},
            new String[] {"starter", "analyst", "starter@example.com", "U0STA00002"},
            new String[] {"vic", "viewer", "vic@example.com", "U0VIC00003"})) {
      api.member("default", m[0], m[1]);
      if (!m[0].equals("ana")) { // the README gives ana hers
        Api.Res email =
            admin.send("PATCH", "/api/v1/users/" + m[0], "{\"email\": \"" + m[2] + "\"}");
        assertThat(email.status()).as(email.text()).isEqualTo(200);
      }
      slack.emails.put(m[3], m[2].toUpperCase()); // Slack's copy may differ in case
    }
    // the README's lines, with the local servers' addresses and secrets for Slack's, Okta's and
    // the firewall's
    ReadmeShell sh = new ReadmeShell(api);
    sh.vars.put("VIGIL_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
    List<Api.Res> answers = new java.util.ArrayList<>();
    for (String line : ReadmeShell.block("## Approving from Slack")) {
      answers.add(
          sh.run(
              line.replace(
                      "\"config\": {\"channel\"",
                      "\"config\": {\"apiBaseUrl\": \"" + slack.api() + "\", \"channel\"")
                  .replace("xoxb-your-bot-token", SlackStub.TOKEN)
                  .replace("your-signing-secret", SlackStub.SIGNING_SECRET)
                  .replace("https://example.okta.com", services.okta())
                  .replace("your-okta-api-token", ResponseStub.OKTA_TOKEN)
                  .replace("https://fw.example.com", services.firewall())
                  .replace("your-api-key", ResponseStub.FW_KEY)
                  .replace("your-api-secret", ResponseStub.FW_SECRET)));
    }
    assertThat(answers).extracting(Api.Res::status).containsExactly(201, 201, 201, 201, 200);
    Api.Res connection = answers.get(0);
    interactionsUrl = connection.at("/interactionsUrl").asText();
    assertThat(interactionsUrl)
        .startsWith("http://localhost:" + vigil.port() + "/api/v1/slack/interactions/");
    for (Api.Res r : answers) {
      assertThat(r.text())
          .doesNotContain(SlackStub.TOKEN)
          .doesNotContain(SlackStub.SIGNING_SECRET)
          .doesNotContain(ResponseStub.OKTA_TOKEN)
          .doesNotContain(ResponseStub.FW_SECRET);
    }
    Api.Res route = answers.get(3);
    assertThat(route.at("/channel/provider").asText()).isEqualTo("slack");
    // the README's route is the one docs/integrations.md explains
    JsonNode stored = api.get("/api/v1/notification-routes/soc-approvals", "ana").json();
    JsonNode doc =
        dev.vigil.playbook.json.Json.parse(
            DocExamples.json("integrations.md", "route approvals to Slack"));
    assertThat(stored.at("/events")).isEqualTo(doc.at("/events"));
    assertThat(stored.at("/channel/connection")).isEqualTo(doc.at("/channel/connection"));
    assertThat(stored.at("/channel/target")).isEqualTo(doc.at("/channel/target"));
    assertThat(answers.get(4).at("/email").asText()).isEqualTo("ana@example.com");
    Api.Res pb =
        api.post(
            "/api/v1/playbooks",
            "admin",
            "{\"key\": \"slack-gate\", \"title\": \"Contain\", \"steps\": [{\"id\": \"contain\","
                + " \"approval\": {\"prompt\": \"Block 203.0.113.7?\", \"approvers\": {\"roles\":"
                + " [\"analyst\"]}}}, {\"id\": \"done\", \"action\": \"core.log\", \"with\":"
                + " {\"message\": \"blocked\"}}]}");
    assertThat(pb.status()).as(pb.text()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    vigil.close();
    slack.close();
    services.close();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  /** A click as Slack sends it: a block_actions payload, form-encoded and signed. */
  static HttpResponse<String> click(
      String user, String actionId, JsonNode button, String responseId, long at, String secret) {
    String payload =
        JSON.createObjectNode()
            .put("type", "block_actions")
            .put("response_url", slack.responseUrl(responseId))
            .put("trigger_id", "13345224609.738474920.8088930838d88f008e0")
            .set(
                "user", JSON.createObjectNode().put("id", user).put("username", user.toLowerCase()))
            .toString();
    JsonNode p;
    try {
      p = JSON.readTree(payload);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) p)
        .set("channel", JSON.createObjectNode().put("id", "C0SOC00001").put("name", "soc"));
    ((com.fasterxml.jackson.databind.node.ObjectNode) p)
        .putArray("actions")
        .addObject()
        .put("action_id", actionId)
        .put("block_id", "vigil_actions")
        .put("value", button.path("value").asText())
        .put("type", "button");
    String body = "payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    return send(
        body,
        Long.toString(at),
        SlackSignature.sign(secret, Long.toString(at), body.getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse<String> send(String body, String ts, String signature) {
    return api.raw(
        HttpRequest.newBuilder(URI.create(interactionsUrl))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static List<AuditEntry> audit() {
    return new AuditLog(vigil.context().getBean(DataSource.class))
        .list("default", 500, null)
        .items();
  }

  @Test
  @Order(1)
  void anApprovalPostedToSlackIsDecidedByASignedClickAndForgeriesChangeNothing() throws Exception {
    Api.Res started =
        api.post("/api/v1/runs", "starter", "{\"playbook\": \"slack-gate\", \"inputs\": {}}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String run = started.at("/runId").asText();
    await("the approval's Slack message", () -> !slack.calls("chat.postMessage").isEmpty());
    SlackStub.Call post = slack.calls("chat.postMessage").get(0);
    assertThat(post.params().get("channel")).isEqualTo("#soc");
    assertThat(post.params().get("text")).contains("slack-gate").contains("Block 203.0.113.7?");
    JsonNode blocks = JSON.readTree(post.params().get("blocks"));
    JsonNode buttons = blocks.get(blocks.size() - 1).path("elements");
    JsonNode approve = buttons.get(0);
    assertThat(approve.path("action_id").asText()).isEqualTo("vigil_approve");
    assertThat(buttons.get(2).path("url").asText())
        .isEqualTo("http://localhost:" + vigil.port() + "/runs/" + run);
    long now = Instant.now().getEpochSecond();

    // forged: signed with another secret; and a well-signed click from ten minutes ago
    assertThat(
            click("U0ANA00001", "vigil_approve", approve, "f", now, "not-the-secret").statusCode())
        .isEqualTo(401);
    assertThat(
            click("U0ANA00001", "vigil_approve", approve, "s", now - 600, SlackStub.SIGNING_SECRET)
                .statusCode())
        .isEqualTo(401);
    // a viewer cannot decide; the run's starter may not approve their own run (four-eyes)
    HttpResponse<String> viewer =
        click("U0VIC00003", "vigil_approve", approve, "v", now, SlackStub.SIGNING_SECRET);
    assertThat(viewer.statusCode()).as(viewer.body()).isEqualTo(200);
    assertThat(
            click("U0STA00002", "vigil_approve", approve, "st", now, SlackStub.SIGNING_SECRET)
                .statusCode())
        .isEqualTo(200);
    // someone Slack knows but Vigil does not
    assertThat(
            click("U0NOB00009", "vigil_approve", approve, "n", now, SlackStub.SIGNING_SECRET)
                .statusCode())
        .isEqualTo(200);
    await("three ephemeral replies", () -> slack.responses.size() == 3);
    List<String> replies = slack.responses.stream().map(r -> r.path("text").asText()).toList();
    assertThat(replies.get(0)).contains("viewer").contains("cannot decide");
    assertThat(replies.get(1)).contains("not counted");
    assertThat(replies.get(2)).contains("does not know you");
    assertThat(slack.responses).allMatch(r -> r.path("response_type").asText().equals("ephemeral"));
    assertThat(api.get("/api/v1/runs/" + run, "ana").at("/status").asText())
        .isEqualTo("waiting_approval");

    HttpResponse<String> yes =
        click("U0ANA00001", "vigil_approve", approve, "a", now, SlackStub.SIGNING_SECRET);
    assertThat(yes.statusCode()).as(yes.body()).isEqualTo(200);
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(done.at("/approvals/0/votes/0/actor").asText()).isEqualTo("ana");
    assertThat(done.at("/approvals/0/votes/0/comment").asText()).isEqualTo("via Slack");
    await("the message updated with the outcome", () -> !slack.calls("chat.update").isEmpty());
    SlackStub.Call update = slack.calls("chat.update").get(0);
    assertThat(update.params().get("ts")).isNotBlank();
    assertThat(update.params().get("blocks"))
        .contains("Approved")
        .contains("by ana")
        .doesNotContain("vigil_approve");

    // the very same request again: refused as a replay
    String body = "payload=x";
    String sig =
        SlackSignature.sign(
            SlackStub.SIGNING_SECRET, Long.toString(now), body.getBytes(StandardCharsets.UTF_8));
    assertThat(send(body, Long.toString(now), sig).statusCode())
        .isEqualTo(200); // signed, but no click
    assertThat(send(body, Long.toString(now), sig).statusCode()).isEqualTo(401);

    List<AuditEntry> audit = audit();
    assertThat(
            audit.stream()
                .filter(
                    e -> e.action().equals("slack.interaction") && e.outcome().equals("rejected"))
                .map(e -> String.valueOf(e.details().get("reason"))))
        .anyMatch(r -> r.contains("does not match"))
        .anyMatch(r -> r.contains("five minutes"))
        .anyMatch(r -> r.contains("replay"))
        .anyMatch(r -> r.contains("unknown Slack user"));
    assertThat(
            audit.stream()
                .filter(e -> e.action().equals("approval.vote"))
                .map(e -> e.actor() + "/" + e.outcome()))
        .contains("vic/rejected", "starter/rejected", "ana/success");
    assertThat(
            api.raw(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://localhost:"
                                    + vigil.port()
                                    + "/api/v1/slack/interactions/nobody"))
                        .header("X-Slack-Request-Timestamp", Long.toString(now))
                        .header("X-Slack-Signature", sig)
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(2)
  void routesAreCheckedAndAChannelInUseCannotBeDeleted() {
    Api.Res unknown =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \"x\", \"events\": [\"approval.opened\", \"run.exploded\"], \"channel\": {\"connection\": \"slack\"}}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.at("/errors/0/pointer").asText()).isEqualTo("/events/1");
    Api.Res severity =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \"x\", \"events\": [\"incident.opened\"], \"severities\": [\"urgent\"], \"channel\": {\"connection\": \"slack\"}}");
    assertThat(severity.at("/errors/0/pointer").asText()).isEqualTo("/severities/0");
    Api.Res missing =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \"x\", \"events\": [\"incident.opened\"], \"channel\": {\"connection\": \"nope\"}}");
    assertThat(missing.at("/errors/0/pointer").asText()).isEqualTo("/channel/connection");
    Api.Res mail =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \"x\", \"events\": [\"incident.opened\"], \"channel\": {\"connection\": \"slack\", \"target\": \"#a b\"}}");
    assertThat(mail.at("/errors/0/pointer").asText()).isEqualTo("/channel/target");
    Api.Res inUse = api.withKey("DELETE", "/api/v1/integrations/slack", Api.ADMIN_KEY, null);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.text()).contains("soc-approvals");
    assertThat(api.get("/api/v1/notification-routes", "ana").at("/items/0/name").asText())
        .isEqualTo("soc-approvals");
    assertThat(api.post("/api/v1/notification-routes", "ana", "{}").status()).isEqualTo(403);
  }

  /** Moves the embedded Temporal's clock forward, firing every timer due on the way. */
  static void skipTemporalTime(java.time.Duration d) {
    io.temporal.serviceclient.TestServiceStubs stubs =
        io.temporal.serviceclient.TestServiceStubs.newServiceStubs(
            io.temporal.serviceclient.TestServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporalPort)
                .validateAndBuildWithDefaults());
    try {
      stubs
          .blockingStub()
          .unlockTimeSkippingWithSleep(
              io.temporal.api.testservice.v1.SleepRequest.newBuilder()
                  .setDuration(
                      com.google.protobuf.Duration.newBuilder().setSeconds(d.toSeconds()).build())
                  .build());
    } finally {
      stubs.shutdownNow();
    }
  }

  static List<SlackStub.Call> postsAbout(String text) {
    return slack.calls("chat.postMessage").stream()
        .filter(c -> String.valueOf(c.params().get("text")).contains(text))
        .toList();
  }

  @Test
  @Order(3)
  void anIncidentsContainmentIsApprovedFromSlackAfterItsEscalationAndCarriedOut(
      org.springframework.boot.test.system.CapturedOutput output) throws Exception {
    // the detection walkthrough's attacker: its failed logins become a high incident
    String attacker = "183.62.140.253";
    String lines =
        String.join(
            "\n",
            java.nio.file.Files.readAllLines(
                    Datasets.path("auth-logs/loghub-openssh/OpenSSH_2k.log"),
                    StandardCharsets.UTF_8)
                .stream()
                .filter(l -> l.contains(attacker))
                .toList());
    Api.Res ingest =
        api.send(
            "POST",
            "/api/v1/events?source=syslog-sshd&year=" + (java.time.Year.now().getValue() - 1),
            List.of(
                new String[] {"Authorization", "Bearer " + Api.ADMIN_KEY},
                new String[] {"Content-Type", "text/plain"}),
            lines);
    assertThat(ingest.status()).as(ingest.text()).isEqualTo(202);
    String[] incident = new String[1];
    await(
        "the attacker's incident",
        () -> {
          JsonNode items = api.get("/api/v1/incidents?entity=" + attacker, "ana").at("/items");
          incident[0] = items.size() == 1 ? items.get(0).at("/id").asText() : null;
          return incident[0] != null;
        });
    String id = incident[0];
    await("the containment's approval in #soc", () -> postsAbout(id).size() == 1);
    SlackStub.Call opened = postsAbout(id).get(0);
    assertThat(opened.params().get("channel")).isEqualTo("#soc");
    assertThat(opened.params().get("text")).contains("incident-containment").contains(attacker);
    JsonNode run = api.get("/api/v1/incidents/" + id, "ana").at("/runs/0");
    assertThat(run.at("/playbook").asText()).isEqualTo("incident-containment");
    assertThat(run.at("/status").asText()).isEqualTo("waiting_approval");
    String runId = run.at("/runId").asText();

    // nobody answers for half an hour: the approval escalates, to #soc again
    skipTemporalTime(java.time.Duration.ofMinutes(31));
    await("the escalation in #soc", () -> postsAbout(id).size() == 2);
    SlackStub.Call escalated = postsAbout(id).get(1);
    assertThat(escalated.params().get("text")).contains("Still waiting for approval");
    assertThat(escalated.params().get("blocks")).contains("soc-lead");

    // ana approves from the escalation's message
    JsonNode blocks = JSON.readTree(escalated.params().get("blocks"));
    JsonNode approve = blocks.get(blocks.size() - 1).path("elements").get(0);
    long now = Instant.now().getEpochSecond();
    HttpResponse<String> yes =
        click("U0ANA00001", "vigil_approve", approve, "contain", now, SlackStub.SIGNING_SECRET);
    assertThat(yes.statusCode()).as(yes.body()).isEqualTo(200);
    Api.Res done = api.await("/api/v1/runs/" + runId, "ana", "/status", "succeeded");
    assertThat(done.at("/approvals/0/votes/0/actor").asText()).isEqualTo("ana");

    // it blocked the address, told operations in Slack and marked the incident contained
    assertThat(services.blocked).containsExactly(attacker);
    assertThat(services.requests)
        .containsExactly("POST /fw/api/firewall/alias_util/add/" + ResponseStub.ALIAS);
    List<SlackStub.Call> told = postsAbout("Incident " + id + " contained");
    assertThat(told).hasSize(1);
    assertThat(told.get(0).params().get("channel")).isEqualTo("#soc");
    assertThat(told.get(0).params().get("text")).contains(attacker + " blocked");
    JsonNode contained = api.get("/api/v1/incidents/" + id, "ana").json();
    assertThat(contained.at("/status").asText()).isEqualTo("contained");
    assertThat(contained.at("/timeline").toString()).contains("address '" + attacker + "' blocked");
    // the run's history names the connections; no secret of theirs is in it or in the logs
    Api.Res history = api.get("/api/v1/runs/" + runId + "/history?limit=200", "ana");
    assertThat(history.status()).as(history.text()).isEqualTo(200);
    assertThat(history.text())
        .contains("\"connection\":\"firewall\"")
        .contains("\"connection\":\"slack\"");
    for (String secret :
        List.of(
            ResponseStub.OKTA_TOKEN,
            ResponseStub.FW_SECRET,
            SlackStub.TOKEN,
            SlackStub.SIGNING_SECRET)) {
      assertThat(history.text()).doesNotContain(secret);
      assertThat(output.getAll()).doesNotContain(secret);
    }
    await(
        "both Slack messages show the outcome",
        () ->
            slack.calls("chat.update").stream()
                    .filter(c -> c.params().get("blocks").contains("by ana"))
                    .count()
                >= 2);
  }
}
