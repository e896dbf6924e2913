package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.integration.ConnectionProbe;
import dev.vigil.activities.slack.SlackClient;
import java.net.URI;

/** The Test of each channel provider: a call that proves the credentials without notifying. */
public final class ChannelProbes {

  private ChannelProbes() {}

  /** {@code auth.test}: the token is valid, and for which workspace and bot. */
  public record Slack(SlackClient slack) implements ConnectionProbe {
    @Override
    public String provider() {
      return "slack";
    }

    @Override
    public String probe(ResolvedConnection c) {
      return "Slack answered: " + slack.identity(c);
    }
  }

  /** Connects (with STARTTLS or SSL as configured) and logs in; sends nothing. */
  public record Smtp() implements ConnectionProbe {
    @Override
    public String provider() {
      return "smtp";
    }

    @Override
    public String probe(ResolvedConnection c) {
      return new EmailChannel().probe(c);
    }
  }

  /** A webhook cannot be called without delivering something: the test only checks the URL. */
  public record Webhook() implements ConnectionProbe {
    @Override
    public String provider() {
      return "webhook";
    }

    @Override
    public String probe(ResolvedConnection c) {
      URI url = URI.create(String.valueOf(c.config().get("url")));
      return "webhook "
          + url.getHost()
          + " is configured"
          + (c.secret("signingSecret") == null ? " (unsigned)" : " and signs its requests")
          + "; it is called only by notifications";
    }
  }

  /**
   * PagerDuty's Events API has no read-only call: the test checks that a routing key is set and
   * does not page anyone.
   */
  public record PagerDuty() implements ConnectionProbe {
    @Override
    public String provider() {
      return "pagerduty";
    }

    @Override
    public String probe(ResolvedConnection c) {
      String key = c.secret("routingKey");
      if (key == null || key.length() != 32) {
        throw new dev.vigil.activities.system.ActionException(
            Channel.REFUSED,
            "the routingKey must be the 32 characters of a PagerDuty integration key");
      }
      return "PagerDuty routing key is set; the Events API is called only by notifications";
    }
  }
}
