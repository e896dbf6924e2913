package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import java.util.Map;

/**
 * One kind of notification channel: the provider of the connections it sends through.
 * Implementations throw {@link dev.vigil.activities.system.ActionException} of type {@link
 * #REFUSED} when retrying cannot help (bad credentials, unknown channel, bad address) and {@link
 * #UNAVAILABLE} when it may (timeouts, 429, 5xx); the message never contains a secret.
 */
public interface Channel {

  /** Retrying will not help. */
  String REFUSED = "ChannelRefused";

  /** The service did not answer, or asked to wait: retried with backoff. */
  String UNAVAILABLE = "ChannelUnavailable";

  /** The provider whose connections this channel sends through, e.g. {@code slack}. */
  String provider();

  /**
   * Sends {@code message} to {@code target} (a Slack channel, addresses; null for the connection's
   * default) and answers what identifies it there (Slack: {@code channel} and {@code ts}).
   */
  Map<String, Object> send(ResolvedConnection connection, String target, Message message);
}
