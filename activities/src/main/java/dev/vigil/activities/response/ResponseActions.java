package dev.vigil.activities.response;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.system.ActionHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Every response connector's actions: identity (Okta, Entra ID), firewall, tickets, AWS, Morpheus
 * and OpsRamp.
 */
public final class ResponseActions {

  private ResponseActions() {}

  public static List<ActionHandler<?>> all(ConnectionResolver connections, Clock clock) {
    List<ActionHandler<?>> all = new ArrayList<>();
    all.addAll(new OktaActions(connections).all());
    all.addAll(new EntraActions(connections, clock).all());
    all.addAll(new FirewallActions(connections).all());
    all.addAll(new TicketActions(connections).all());
    all.addAll(new AwsActions(connections).all());
    all.addAll(new AwsWafActions(connections).all());
    all.addAll(new HybridCloudActions(connections, clock).all());
    return all;
  }
}
