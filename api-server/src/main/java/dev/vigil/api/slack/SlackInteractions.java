package dev.vigil.api.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.identity.RoleBook;
import dev.vigil.api.integration.WorkerCalls;
import dev.vigil.api.run.RunCommands;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.ConnectionRepository.ConnectionRecord;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.identity.Membership;
import dev.vigil.store.identity.UserRepository;
import dev.vigil.workflows.integration.ConnectionReadWorkflow;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Clicks on the Approve and Reject buttons of Vigil's Slack messages. The request's signature is
 * checked with the connection's signing secret (the URL's opaque id names the connection, hence the
 * tenant); the Slack user becomes the member with the same e-mail address in that tenant (or the
 * one the connection's {@code userMappings} names); the vote then goes through exactly the path of
 * {@code POST /api/v1/runs/{runId}/approvals/{stepId}} — the member's role must grant {@code
 * approval.decide}, and the run's own rules (approvers, four-eyes, quorum, one vote each) apply. A
 * refused vote is answered to that user alone, with the reason; every refusal is audited.
 */
@Service
public class SlackInteractions {

  private static final Logger log = LoggerFactory.getLogger(SlackInteractions.class);

  /** Deliveries seen in the last five minutes: an exact replay of one is refused. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();

  private final ConnectionRepository connections;
  private final SecretBox box;
  private final UserRepository users;
  private final RoleBook roles;
  private final RunCommands runs;
  private final WorkflowClient temporal;
  private final Audit audit;
  private final Clock clock = Clock.systemUTC();
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public SlackInteractions(
      ConnectionRepository connections,
      SecretBox box,
      UserRepository users,
      RoleBook roles,
      RunCommands runs,
      WorkflowClient temporal,
      Audit audit) {
    this.connections = connections;
    this.box = box;
    this.users = users;
    this.roles = roles;
    this.runs = runs;
    this.temporal = temporal;
    this.audit = audit;
  }

  /** What a verified click asked for. */
  record Click(
      String slackUser,
      String channel,
      String decision,
      String runId,
      String stepId,
      String responseUrl) {}

  /**
   * Handles one interaction request. Answers normally (200, empty) once the request is verified,
   * whatever became of the vote — Slack shows the user the outcome through the message or an
   * ephemeral reply.
   *
   * @throws ApiException 404 for an unknown URL, 401 for a bad or stale signature
   */
  public void handle(String publicId, String timestamp, String signature, byte[] body) {
    ConnectionRepository.ConnectionName name =
        connections
            .byPublicId(publicId)
            .orElseThrow(() -> ApiException.notFound("no Slack connection at this URL"));
    ConnectionRecord c = connections.get(name.tenant(), name.name()).orElseThrow();
    Actor system = Actor.system(c.tenant());
    String target = "integration/" + c.name();
    if (!"slack".equals(c.provider()) || c.secrets() == null) {
      throw ApiException.notFound("no Slack connection at this URL");
    }
    String secret = box.open(c.tenant(), c.name(), c.secrets()).get("signingSecret");
    String refusal =
        secret == null
            ? "the connection has no signing secret"
            : SlackSignature.refusal(secret, timestamp, signature, body, clock.instant());
    if (refusal == null && replayed(signature)) {
      refusal = "the same signed request was sent before (a replay)";
    }
    if (refusal != null) {
      audit.record(system, "slack.interaction", target, Audit.REJECTED, Map.of("reason", refusal));
      throw ApiException.unauthenticated("Slack request refused: " + refusal);
    }
    Click click;
    try {
      click = click(body);
    } catch (IllegalArgumentException e) {
      audit.record(
          system, "slack.interaction", target, Audit.REJECTED, Map.of("reason", e.getMessage()));
      return; // signed by Slack, but nothing Vigil asked for (another button, another app)
    }
    decide(c, click, target);
  }

  private void decide(ConnectionRecord c, Click click, String target) {
    Actor system = Actor.system(c.tenant());
    Membership m;
    try {
      m = member(c, click.slackUser());
    } catch (ApiException lookupFailed) {
      // users.info refused (an unknown user, a missing scope) or Slack did not answer
      log.info("Slack user {} not looked up: {}", click.slackUser(), lookupFailed.getMessage());
      m = null;
    }
    if (m == null) {
      String why =
          "Vigil does not know you: no member of this tenant has your Slack e-mail address. Ask an"
              + " admin to add it to your member, or to map your Slack user on the connection.";
      audit.record(
          system,
          "slack.interaction",
          target,
          Audit.REJECTED,
          Map.of("reason", "unknown Slack user", "slackUser", click.slackUser()));
      reply(c, click, why);
      return;
    }
    var granted = roles.permissions(c.tenant(), m.role()).orElse(Set.of());
    Actor actor =
        new Actor(
            c.tenant(),
            m.username(),
            List.of(m.role()),
            granted,
            Actor.VIA_SLACK + c.name(),
            "slack",
            "Slack interactions");
    if (!actor.can(Permission.APPROVAL_DECIDE)) {
      audit.record(
          actor,
          "approval.vote",
          "run/" + click.runId() + "/step/" + click.stepId(),
          Audit.REJECTED,
          Map.of("reason", "no approval.decide", "via", "slack"));
      reply(c, click, "Your role (" + m.role() + ") cannot decide approvals.");
      return;
    }
    try {
      runs.decide(
          actor,
          click.runId(),
          click.stepId(),
          new RunCommands.DecisionRequest(click.decision(), "via Slack"));
      log.info(
          "{} voted {} on run {} step {} from Slack",
          m.username(),
          click.decision(),
          click.runId(),
          click.stepId());
    } catch (ApiException refused) {
      reply(c, click, "Your vote was not counted: " + refused.getMessage());
    }
  }

  /** The member behind a Slack user: by the connection's mapping, else by e-mail address. */
  private Membership member(ConnectionRecord c, String slackUser) {
    Object mappings = c.config().get("userMappings");
    if (mappings instanceof Map<?, ?> map && map.get(slackUser) != null) {
      return users
          .membership(c.tenant(), String.valueOf(map.get(slackUser)))
          .filter(Membership::active)
          .orElse(null);
    }
    Map<String, Object> with = new LinkedHashMap<>();
    with.put("connection", c.name());
    with.put("user", slackUser);
    @SuppressWarnings("unchecked")
    Map<String, Object> user =
        WorkerCalls.call(
            temporal,
            "ConnectionReadWorkflow",
            ConnectionReadWorkflow.id(c.tenant(), c.name(), java.util.UUID.randomUUID().toString()),
            Map.class,
            Duration.ofSeconds(20),
            "slack.user.get through '" + c.name() + "'",
            c.tenant(),
            "slack.user.get",
            with);
    Object email = user.get("email");
    if (email == null) {
      return null;
    }
    List<Membership> found = users.membersByEmail(c.tenant(), String.valueOf(email));
    return found.size() == 1 ? found.get(0) : null;
  }

  /**
   * Tells the user alone, through the interaction's {@code response_url} — only ever a URL of
   * Slack's (of the connection's API host when it names another, a proxy or a test server).
   */
  private void reply(ConnectionRecord c, Click click, String text) {
    if (click.responseUrl() == null) {
      return;
    }
    URI url = URI.create(click.responseUrl());
    String api = String.valueOf(c.config().getOrDefault("apiBaseUrl", "https://slack.com/api"));
    String allowed = URI.create(api).getHost();
    boolean slackHost =
        "https".equals(url.getScheme())
            && url.getHost() != null
            && (url.getHost().equals("hooks.slack.com") || url.getHost().endsWith(".slack.com"));
    if (!slackHost && !(url.getHost() != null && url.getHost().equals(allowed))) {
      log.warn("not answering a Slack interaction at {}: not a Slack URL", url.getHost());
      return;
    }
    String body =
        Json.write(Map.of("response_type", "ephemeral", "replace_original", false, "text", text));
    try {
      http.send(
          HttpRequest.newBuilder(url)
              .timeout(Duration.ofSeconds(5))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      log.warn("could not answer a Slack interaction: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean replayed(String signature) {
    long now = clock.millis();
    seen.values().removeIf(at -> now - at > SlackSignature.TOLERANCE.toMillis());
    return seen.putIfAbsent(signature.trim(), now) != null;
  }

  /** The click in a block_actions payload ({@code payload=<JSON>}, form-encoded). */
  static Click click(byte[] body) {
    String form = new String(body, StandardCharsets.UTF_8);
    String payload = null;
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("payload")) {
        payload = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    if (payload == null) {
      throw new IllegalArgumentException("no payload");
    }
    JsonNode p;
    try {
      p = Json.parse(payload);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the payload is not JSON");
    }
    if (!"block_actions".equals(p.path("type").asText())) {
      throw new IllegalArgumentException("not a block action: " + p.path("type").asText());
    }
    JsonNode action = p.path("actions").path(0);
    String id = action.path("action_id").asText();
    String decision =
        switch (id) {
          case "vigil_approve" -> "approve";
          case "vigil_reject" -> "reject";
          default -> throw new IllegalArgumentException("not an approval button: " + id);
        };
    JsonNode value;
    try {
      value = Json.parse(action.path("value").asText());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the button's value is not Vigil's");
    }
    String runId = value.path("runId").asText(null);
    String stepId = value.path("stepId").asText(null);
    String user = p.path("user").path("id").asText(null);
    if (runId == null || stepId == null || user == null) {
      throw new IllegalArgumentException("the click names no run, step or user");
    }
    return new Click(
        user,
        p.path("channel").path("id").asText(null),
        decision,
        runId,
        stepId,
        p.path("response_url").asText(null));
  }
}
