package dev.vigil.activities.slack;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.notify.Channel;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code slack.*} actions, through a Slack connection resolved on the worker: post a message
 * (text, or Block Kit), update one, read a user (the interactions endpoint finds a member by the
 * user's e-mail this way).
 */
public final class SlackActions {

  private final ConnectionResolver connections;
  private final SlackClient slack;

  public SlackActions(ConnectionResolver connections, SlackClient slack) {
    this.connections = connections;
    this.slack = slack;
  }

  /**
   * @param blocks Block Kit blocks (an array), posted as they are
   * @param threadTs reply in this message's thread
   */
  public record PostInput(
      String connection, String channel, String text, List<Object> blocks, String threadTs) {}

  public record UpdateInput(
      String connection, String channel, String ts, String text, List<Object> blocks) {}

  public record UserInput(String connection, String user) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "slack.post_message",
            PostInput.class,
            (in, ctx) -> {
              ResolvedConnection c = resolve(ctx.tenant(), in.connection());
              return answer(slack.post(c, in.channel(), in.text(), blocks(in.blocks())));
            }),
        ActionHandler.of(
            "slack.update_message",
            UpdateInput.class,
            (in, ctx) -> {
              ResolvedConnection c = resolve(ctx.tenant(), in.connection());
              return answer(slack.update(c, in.channel(), in.ts(), in.text(), blocks(in.blocks())));
            }),
        ActionHandler.of(
            "slack.user.get",
            UserInput.class,
            (in, ctx) -> {
              ResolvedConnection c = resolve(ctx.tenant(), in.connection());
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("id", in.user());
              out.put("email", slack.email(c, in.user()));
              return out;
            }));
  }

  private ResolvedConnection resolve(String tenant, String connection) {
    return connections.resolve(tenant, connection, "slack");
  }

  private static String blocks(List<Object> blocks) {
    return blocks == null || blocks.isEmpty() ? null : Json.write(blocks);
  }

  private static Map<String, Object> answer(SlackClient.Posted p) {
    if (p.ts() == null) {
      throw new ActionException(Channel.REFUSED, "Slack answered ok without a message ts");
    }
    return p.ref();
  }
}
