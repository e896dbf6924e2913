package dev.vigil.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.slack.SlackClient;
import dev.vigil.activities.slack.SlackStub;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.notify.NotificationRepository;
import dev.vigil.store.notify.NotificationRepository.Delivery;
import dev.vigil.store.notify.NotificationRepository.Route;
import dev.vigil.store.system.TestDatabase;
import dev.vigil.workflows.notify.Notification;
import dev.vigil.workflows.notify.NotifyWorkflow;
import dev.vigil.workflows.notify.NotifyWorkflowImpl;
import dev.vigil.workflows.system.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code NotifyWorkflow} with its real activities, in Temporal's time-skipping test service,
 * against PostgreSQL and local servers answering as Slack's Web API, a webhook receiver,
 * PagerDuty's Events API v2 and an SMTP server (GreenMail) do: every matching route gets the
 * notification once; a channel that is down is retried until it answers; one that refuses is
 * recorded as failed without holding up the others; a decided approval's Slack message is updated
 * with the outcome.
 */
class NotifyIT {

  static final ObjectMapper JSON = new ObjectMapper();

  HikariDataSource db;
  SlackStub slack;
  HttpServer hooks;
  GreenMail mail;
  TestWorkflowEnvironment env;
  WorkflowClient client;
  NotificationRepository repo;
  final List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger hookFailures = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    db = TestDatabase.fresh();
    TestDatabase.execute(db, "insert into tenants (id, name) values ('acme', 'Acme')");
    slack = new SlackStub();
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/",
        x -> {
          try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("path", x.getRequestURI().getPath());
            r.put("body", new String(body, StandardCharsets.UTF_8));
            r.put("signature", x.getRequestHeaders().getFirst("X-Vigil-Signature"));
            r.put("timestamp", x.getRequestHeaders().getFirst("X-Vigil-Timestamp"));
            received.add(r);
            if (x.getRequestURI().getPath().equals("/v2/enqueue")) {
              JsonNode e = JSON.readTree(body);
              boolean valid =
                  e.path("routing_key").asText().length() == 32
                      && e.path("payload").path("summary").isTextual()
                      && List.of("critical", "error", "warning", "info")
                          .contains(e.path("payload").path("severity").asText());
              byte[] answer =
                  (valid
                          ? "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                              + e.path("dedup_key").asText()
                              + "\"}"
                          : "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect (should be 32 characters)\"]}")
                      .getBytes(StandardCharsets.UTF_8);
              x.sendResponseHeaders(valid ? 202 : 400, answer.length);
              x.getResponseBody().write(answer);
              return;
            }
            int status = hookFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
            x.sendResponseHeaders(status, -1);
          }
        });
    hooks.start();
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretBox box = SecretBox.of(Base64.getEncoder().encodeToString(key), null);
    ConnectionRepository connections = new ConnectionRepository(db);
    connections.create(
        "acme",
        "slack",
        "slack",
        Map.of("apiBaseUrl", slack.api().toString(), "channel", "#soc"),
        List.of("botToken", "signingSecret"),
        box.seal(
            "acme",
            "slack",
            Map.of("botToken", SlackStub.TOKEN, "signingSecret", SlackStub.SIGNING_SECRET)),
        "admin");
    connections.create(
        "acme",
        "hook",
        "webhook",
        Map.of("url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/vigil"),
        List.of("signingSecret"),
        box.seal("acme", "hook", Map.of("signingSecret", "hook-secret")),
        "admin");
    connections.create(
        "acme",
        "pager",
        "pagerduty",
        Map.of("eventsUrl", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/v2/enqueue"),
        List.of("routingKey"),
        box.seal("acme", "pager", Map.of("routingKey", "R0UTINGKEY0000000000000000000001")),
        "admin");
    connections.create(
        "acme",
        "pager-bad",
        "pagerduty",
        Map.of("eventsUrl", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/v2/enqueue"),
        List.of("routingKey"),
        box.seal("acme", "pager-bad", Map.of("routingKey", "short")),
        "admin");
    connections.create(
        "acme",
        "mail",
        "smtp",
        Map.of(
            "host", "127.0.0.1",
            "port", mail.getSmtp().getPort(),
            "security", "none",
            "from", "vigil@acme.example"),
        List.of(),
        null,
        "admin");
    repo = new NotificationRepository(db);
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    Worker worker = env.newWorker(TaskQueues.INTEGRATIONS);
    worker.registerWorkflowImplementationTypes(NotifyWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new NotifyActivitiesImpl(
            repo,
            new ConnectionResolver(connections, box),
            List.of(
                new SlackChannel(new SlackClient()),
                new EmailChannel(),
                new WebhookChannel(),
                new PagerDutyChannel()),
            () -> "https://vigil.acme.example"));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    slack.close();
    hooks.stop(0);
    mail.stop();
    db.close();
  }

  void route(
      String name, List<String> events, List<String> severities, String connection, String target) {
    assertThat(
            repo.create(
                new Route(
                    "acme",
                    name,
                    events,
                    severities,
                    connection,
                    target,
                    true,
                    "admin",
                    null,
                    "admin",
                    null)))
        .isTrue();
  }

  void notify(Notification n) {
    NotifyWorkflow wf =
        client.newWorkflowStub(
            NotifyWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.INTEGRATIONS)
                .setWorkflowId(NotifyWorkflow.id(n.tenant(), n.key()))
                .build());
    wf.run(n);
  }

  static Notification approval(String status) {
    String event =
        status.equals("pending") ? Notification.APPROVAL_OPENED : Notification.APPROVAL_DECIDED;
    return new Notification(
        "acme",
        Notification.approvalKey(event, "run-1", "contain"),
        event,
        null,
        "Approval needed: contain-ssh-brute-force",
        "Block 203.0.113.7 at the firewall? <script>",
        "/runs/run-1",
        Map.of("Playbook", "contain-ssh-brute-force", "Approvers", "role analyst"),
        new Notification.Approval(
            "run-1", "contain", status, status.equals("pending") ? null : "ana"));
  }

  /** A history's JSON with every payload's data decoded (Temporal keeps them base64). */
  static String decoded(String history) {
    StringBuilder out = new StringBuilder(history);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"data\": ?\"([A-Za-z0-9+/=]+)\"").matcher(history);
    while (m.find()) {
      out.append('\n')
          .append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Test
  void anApprovalReachesEveryRouteOnceWithButtonsAndItsMessageShowsTheOutcome() throws Exception {
    route("soc-slack", List.of("approval.opened"), List.of(), "slack", null);
    route(
        "soc-mail",
        List.of("approval.opened", "incident.opened"),
        List.of(),
        "mail",
        "soc@acme.example, lead@acme.example");
    route("bridge", List.of("approval.opened"), List.of(), "hook", null);
    route("incidents-only", List.of("incident.opened"), List.of(), "slack", "#incidents");

    notify(approval("pending"));

    List<SlackStub.Call> posts = slack.calls("chat.postMessage");
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).params().get("channel")).isEqualTo("#soc");
    JsonNode blocks = JSON.readTree(posts.get(0).params().get("blocks"));
    JsonNode buttons = blocks.get(blocks.size() - 1).path("elements");
    assertThat(buttons.get(0).path("action_id").asText()).isEqualTo("vigil_approve");
    assertThat(JSON.readTree(buttons.get(0).path("value").asText()).path("runId").asText())
        .isEqualTo("run-1");
    assertThat(buttons.get(1).path("action_id").asText()).isEqualTo("vigil_reject");
    assertThat(buttons.get(2).path("url").asText())
        .isEqualTo("https://vigil.acme.example/runs/run-1");
    assertThat(blocks.toString()).contains("&lt;script&gt;").doesNotContain("<script>");

    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).hasSize(2); // one per recipient mailbox
    assertThat(mails[0].getSubject()).isEqualTo("[Vigil] Approval needed: contain-ssh-brute-force");
    assertThat((String) mails[0].getContent()).contains("https://vigil.acme.example/runs/run-1");

    Map<String, Object> hook = received.get(0);
    String body = (String) hook.get("body");
    assertThat(JSON.readTree(body).path("type").asText()).isEqualTo("approval.opened");
    assertThat(hook.get("signature"))
        .isEqualTo(
            "sha256=" + WebhookChannel.sign("hook-secret", (String) hook.get("timestamp"), body));

    List<Delivery> sent = repo.deliveries("acme", approval("pending").key());
    assertThat(sent).extracting(Delivery::route).containsExactly("bridge", "soc-mail", "soc-slack");
    assertThat(sent).allMatch(d -> d.status().equals("sent"));
    Delivery slackDelivery =
        sent.stream().filter(d -> d.route().equals("soc-slack")).findFirst().orElseThrow();
    assertThat(slackDelivery.ref()).containsEntry("channel", "C0SOC00001");

    // the same notification again (a producer's retry) sends nothing more
    notify(approval("pending"));
    assertThat(slack.calls("chat.postMessage")).hasSize(1);
    assertThat(mail.getReceivedMessages()).hasSize(2);

    notify(approval("approved"));
    // the histories carry the notification, never a channel's secret
    for (String key : List.of(approval("pending").key(), approval("approved").key())) {
      String history = decoded(client.fetchHistory(NotifyWorkflow.id("acme", key)).toJson(false));
      assertThat(history)
          .contains("Block 203.0.113.7")
          .doesNotContain(SlackStub.TOKEN)
          .doesNotContain(SlackStub.SIGNING_SECRET)
          .doesNotContain("hook-secret");
    }
    List<SlackStub.Call> updates = slack.calls("chat.update");
    assertThat(updates).hasSize(1);
    assertThat(updates.get(0).params())
        .containsEntry("channel", "C0SOC00001")
        .containsEntry("ts", String.valueOf(slackDelivery.ref().get("ts")));
    assertThat(updates.get(0).params().get("blocks"))
        .contains("Approved")
        .contains("by ana")
        .doesNotContain("vigil_approve");
  }

  @Test
  void aChannelThatIsDownIsRetriedUntilItAnswersAndOneThatRefusesIsRecordedAsFailed()
      throws Exception {
    route("slack", List.of("incident.opened"), List.of("high", "critical"), "slack", "#incidents");
    route("pager", List.of("incident.opened"), List.of("critical"), "pager", null);
    route("pager-bad", List.of("incident.opened"), List.of(), "pager-bad", null);
    route("hook", List.of("incident.opened"), List.of(), "hook", null);
    route("lows", List.of("incident.opened"), List.of("low"), "hook", null);
    slack.down = true;
    hookFailures.set(3);
    Notification n =
        new Notification(
            "acme",
            "incident.opened/inc-1",
            Notification.INCIDENT_OPENED,
            "critical",
            "Incident opened (critical): SSH brute force on web-01",
            null,
            "/incidents/inc-1",
            Map.of("Severity", "critical"),
            null);
    WorkflowClient.start(
        client.newWorkflowStub(
                NotifyWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(TaskQueues.INTEGRATIONS)
                    .setWorkflowId(NotifyWorkflow.id("acme", n.key()))
                    .build())
            ::run,
        n);
    env.sleep(Duration.ofMinutes(3));
    slack.down = false; // Slack is back after a few minutes of outage
    client.newUntypedWorkflowStub(NotifyWorkflow.id("acme", n.key())).getResult(Void.class);

    Map<String, Delivery> by = new java.util.TreeMap<>();
    repo.deliveries("acme", n.key()).forEach(d -> by.put(d.route(), d));
    assertThat(by.keySet()).containsExactly("hook", "pager", "pager-bad", "slack");
    assertThat(by.get("slack").status()).isEqualTo("sent");
    assertThat(by.get("hook").status()).isEqualTo("sent");
    assertThat(by.get("pager").status()).isEqualTo("sent");
    assertThat(by.get("pager").ref()).containsEntry("dedupKey", "incident.opened/inc-1");
    assertThat(by.get("pager-bad").status()).isEqualTo("failed");
    assertThat(decoded(client.fetchHistory(NotifyWorkflow.id("acme", n.key())).toJson(false)))
        .contains("SSH brute force on web-01")
        .doesNotContain("R0UTINGKEY0000000000000000000001")
        .doesNotContain(SlackStub.TOKEN);
    assertThat(by.get("pager-bad").error()).contains("HTTP 400").contains("routing_key");
    assertThat(slack.calls("chat.postMessage")).hasSizeGreaterThan(1); // tried while down
    assertThat(received.stream().filter(r -> r.get("path").equals("/vigil")).count())
        .as("the webhook answered 503 three times, then took it")
        .isEqualTo(4);
    assertThat(received.stream().filter(r -> r.get("path").equals("/v2/enqueue")).count())
        .as("a 400 from PagerDuty is not retried")
        .isEqualTo(2);
  }
}
