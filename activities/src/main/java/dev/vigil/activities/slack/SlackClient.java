package dev.vigil.activities.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.notify.Channel;
import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slack's Web API through Slack's own client ({@code slack-api-client}), at the connection's {@code
 * apiBaseUrl} (https://slack.com/api unless a proxy or a test server is named). Slack answers
 * errors as {@code {"ok": false, "error": "…"}}: the ones retrying cannot cure are {@link
 * Channel#REFUSED}, {@code 429 ratelimited} and 5xx are {@link Channel#UNAVAILABLE} (retried by
 * Temporal, after the {@code Retry-After} Slack sends).
 */
public final class SlackClient {

  public static final String DEFAULT_BASE = "https://slack.com/api";

  /** Errors worth trying again: Slack is busy or broken for a while. */
  private static final Set<String> RETRYABLE =
      Set.of(
          "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout");

  /** One client per base URL and timeout: each holds an HTTP connection pool. */
  private final Map<String, Slack> clients = new ConcurrentHashMap<>();

  /** What a posted message is known by: its channel id and timestamp. */
  public record Posted(String channel, String ts) {
    public Map<String, Object> ref() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channel", channel);
      m.put("ts", ts);
      return m;
    }
  }

  /** Posts a message ({@code blocks}: Block Kit JSON, or null for text only). */
  public Posted post(ResolvedConnection c, String channel, String text, String blocks) {
    String where = channel(c, channel);
    var r =
        call(
            c,
            "chat.postMessage",
            m ->
                m.chatPostMessage(
                    q -> {
                      q.channel(where).text(text).unfurlLinks(false);
                      return blocks == null ? q : q.blocksAsString(blocks);
                    }));
    return new Posted(r.getChannel(), r.getTs());
  }

  /** Replaces a posted message. */
  public Posted update(
      ResolvedConnection c, String channel, String ts, String text, String blocks) {
    var r =
        call(
            c,
            "chat.update",
            m ->
                m.chatUpdate(
                    q -> {
                      q.channel(channel).ts(ts).text(text);
                      return blocks == null ? q : q.blocksAsString(blocks);
                    }));
    return new Posted(r.getChannel(), r.getTs());
  }

  /** Shows {@code text} to one user only, in {@code channel}. */
  public void ephemeral(ResolvedConnection c, String channel, String user, String text) {
    call(
        c,
        "chat.postEphemeral",
        m -> m.chatPostEphemeral(q -> q.channel(channel).user(user).text(text)));
  }

  /** The e-mail address in a Slack user's profile (needs users:read.email), or null. */
  public String email(ResolvedConnection c, String user) {
    var r = call(c, "users.info", m -> m.usersInfo(q -> q.user(user)));
    return r.getUser() == null || r.getUser().getProfile() == null
        ? null
        : r.getUser().getProfile().getEmail();
  }

  /** Who the bot is ({@code auth.test}): the workspace and the bot user. */
  public String identity(ResolvedConnection c) {
    var r = call(c, "auth.test", m -> m.authTest(q -> q));
    return "workspace " + r.getTeam() + " as " + r.getUser();
  }

  interface Call<R extends SlackApiTextResponse> {
    R on(MethodsClient m) throws IOException, SlackApiException;
  }

  private <R extends SlackApiTextResponse> R call(
      ResolvedConnection c, String method, Call<R> call) {
    String token = c.secret("botToken");
    if (token == null || token.isBlank()) {
      throw new ActionException(Channel.REFUSED, "connection '" + c.name() + "' has no botToken");
    }
    R r;
    try {
      r = call.on(slack(c).methods(token));
    } catch (SlackApiException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      String type = status == 429 || status >= 500 ? Channel.UNAVAILABLE : Channel.REFUSED;
      ActionException failure =
          new ActionException(type, "Slack " + method + " answered HTTP " + status);
      String after = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
      if (after != null && after.trim().matches("\\d+")) {
        // Slack's rate limits say how long to wait
        failure.retryAfter(java.time.Duration.ofSeconds(Math.max(1, Long.parseLong(after.trim()))));
      }
      throw failure;
    } catch (IOException e) {
      throw new ActionException(
          Channel.UNAVAILABLE, "Slack " + method + " did not answer: " + e.getMessage());
    }
    if (!r.isOk()) {
      String type = RETRYABLE.contains(r.getError()) ? Channel.UNAVAILABLE : Channel.REFUSED;
      throw new ActionException(type, "Slack " + method + " refused: " + r.getError());
    }
    return r;
  }

  private Slack slack(ResolvedConnection c) {
    String base = String.valueOf(c.config().getOrDefault("apiBaseUrl", DEFAULT_BASE));
    int timeout = ((Number) c.config().getOrDefault("timeoutSeconds", 30)).intValue() * 1000;
    return clients.computeIfAbsent(
        base + "|" + timeout,
        k -> {
          SlackConfig config = new SlackConfig();
          config.setMethodsEndpointUrlPrefix(base.replaceAll("/+$", "") + "/");
          config.setHttpClientReadTimeoutMillis(timeout);
          config.setHttpClientWriteTimeoutMillis(timeout);
          config.setFailOnUnknownProperties(false);
          config.setPrettyResponseLoggingEnabled(false);
          return Slack.getInstance(config);
        });
  }

  private static String channel(ResolvedConnection c, String channel) {
    if (channel != null && !channel.isBlank()) {
      return channel;
    }
    Object fallback = c.config().get("channel");
    if (fallback == null) {
      throw new ActionException(
          Channel.REFUSED,
          "no channel: the route names none and connection '" + c.name() + "' has no default");
    }
    return String.valueOf(fallback);
  }
}
