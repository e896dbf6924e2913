package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.slack.SlackClient;
import dev.vigil.activities.slack.SlackMessages;
import java.util.Map;

/** Posts notifications to a Slack channel; an open approval gets Approve and Reject buttons. */
public final class SlackChannel implements Channel {

  private final SlackClient slack;

  public SlackChannel(SlackClient slack) {
    this.slack = slack;
  }

  @Override
  public String provider() {
    return "slack";
  }

  @Override
  public Map<String, Object> send(ResolvedConnection c, String target, Message m) {
    return slack.post(c, target, SlackMessages.fallback(m), SlackMessages.blocks(m)).ref();
  }

  /** Shows the approval's outcome in place of its buttons. */
  public void decided(ResolvedConnection c, Map<String, Object> ref, Message m) {
    slack.update(
        c,
        String.valueOf(ref.get("channel")),
        String.valueOf(ref.get("ts")),
        SlackMessages.fallback(m),
        SlackMessages.decided(m));
  }
}
