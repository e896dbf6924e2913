package dev.vigil.activities.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.activities.connection.TestConnections;
import dev.vigil.activities.system.ActionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code slack.*} actions through Slack's client against {@link SlackStub}. */
class SlackActionsIT {

  TestConnections c;
  SlackStub slack;

  @BeforeEach
  void start() throws Exception {
    slack = new SlackStub();
    c = TestConnections.start();
    for (String[] k :
        List.of(
            new String[] {"slack", SlackStub.TOKEN}, new String[] {"slack-old", "xoxb-revoked"})) {
      c.connect(
          k[0],
          "slack",
          Map.of("apiBaseUrl", slack.api().toString(), "channel", "#soc"),
          Map.of("botToken", k[1], "signingSecret", SlackStub.SIGNING_SECRET));
    }
    c.handlers(new SlackActions(c.resolver(), new SlackClient()).all());
  }

  @AfterEach
  void stop() {
    slack.close();
    c.close();
  }

  <I> Map<String, Object> run(String action, I input) {
    return c.run(action, input);
  }

  @Test
  void aBlockKitMessageIsPostedThenUpdatedAndAUserRead() {
    List<Object> blocks =
        List.of(
            Map.of(
                "type",
                "section",
                "text",
                Map.of("type", "mrkdwn", "text", "*Blocked* 203.0.113.7")));
    Map<String, Object> posted =
        run(
            "slack.post_message",
            new SlackActions.PostInput("slack", "#incidents", "Blocked 203.0.113.7", blocks, null));
    assertThat(posted).containsEntry("channel", "C0INC00002");
    String ts = String.valueOf(posted.get("ts"));
    SlackStub.Call post = slack.calls("chat.postMessage").get(0);
    assertThat(post.params().get("blocks")).contains("*Blocked* 203.0.113.7");
    assertThat(post.params().get("text")).isEqualTo("Blocked 203.0.113.7");

    run(
        "slack.update_message",
        new SlackActions.UpdateInput("slack", "C0INC00002", ts, "Unblocked", null));
    assertThat(slack.calls("chat.update").get(0).params())
        .containsEntry("ts", ts)
        .containsEntry("text", "Unblocked");

    slack.emails.put("U0ANA00001", "ana@acme.example");
    assertThat(run("slack.user.get", new SlackActions.UserInput("slack", "U0ANA00001")))
        .containsEntry("email", "ana@acme.example");
  }

  @Test
  void slacksRefusalsAreNotRetriedAndItsRateLimitIs() {
    assertThatThrownBy(
            () ->
                run(
                    "slack.post_message",
                    new SlackActions.PostInput("slack-old", null, "x", null, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("ChannelRefused");
              assertThat(e.getMessage()).contains("invalid_auth").doesNotContain("xoxb-revoked");
            });
    assertThatThrownBy(
            () ->
                run(
                    "slack.post_message",
                    new SlackActions.PostInput("slack", "#nowhere", "x", null, null)))
        .isInstanceOfSatisfying(
            ActionException.class, e -> assertThat(e.getMessage()).contains("channel_not_found"));
    slack.rateLimited.set(1);
    assertThatThrownBy(
            () ->
                run(
                    "slack.post_message",
                    new SlackActions.PostInput("slack", null, "x", null, null)))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("ChannelUnavailable");
              assertThat(e.getMessage()).contains("429");
              assertThat(e.retryAfter())
                  .isEqualTo(java.time.Duration.ofSeconds(1)); // Slack's Retry-After
            });
    // the default channel of the connection when the step names none
    assertThat(
            run("slack.post_message", new SlackActions.PostInput("slack", null, "x", null, null)))
        .containsEntry("channel", "C0SOC00001");
  }
}
