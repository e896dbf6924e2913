package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.store.notify.NotificationRepository;
import dev.vigil.store.notify.NotificationRepository.Delivery;
import dev.vigil.store.notify.NotificationRepository.Route;
import dev.vigil.workflows.notify.Notification;
import dev.vigil.workflows.notify.NotifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Delivers notifications through routes and channels; see {@link NotifyActivities}. */
public class NotifyActivitiesImpl implements NotifyActivities {

  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);

  private final NotificationRepository repo;
  private final ConnectionResolver connections;
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final java.util.function.Supplier<String> publicUrl;

  /**
   * @param publicUrl where people reach Vigil's UI (links in messages), e.g.
   *     https://vigil.example.com
   */
  public NotifyActivitiesImpl(
      NotificationRepository repo,
      ConnectionResolver connections,
      List<Channel> channels,
      java.util.function.Supplier<String> publicUrl) {
    this.repo = repo;
    this.connections = connections;
    channels.forEach(c -> this.channels.put(c.provider(), c));
    this.publicUrl = publicUrl;
  }

  @Override
  public List<String> routes(Notification n) {
    return repo.matching(n.tenant(), n.event(), n.severity()).stream().map(Route::name).toList();
  }

  @Override
  public void deliver(Notification n, String routeName) {
    try (var t = MDC.putCloseable("tenant", n.tenant())) {
      boolean sent =
          repo.deliveries(n.tenant(), n.key()).stream()
              .anyMatch(d -> d.route().equals(routeName) && d.status().equals("sent"));
      if (sent) {
        return; // a retry after the send committed
      }
      Route route =
          repo.route(n.tenant(), routeName)
              .orElseThrow(
                  () ->
                      ApplicationFailure.newNonRetryableFailure(
                          "route '" + routeName + "' was deleted", "RouteNotFound"));
      ResolvedConnection c = resolve(n.tenant(), route.connection());
      Channel channel = channels.get(c.provider());
      if (channel == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "connection '" + c.name() + "' (" + c.provider() + ") is not a notification channel",
            Channel.REFUSED);
      }
      Map<String, Object> ref;
      try {
        ref = channel.send(c, route.target(), Message.of(n, publicUrl.get()));
      } catch (ActionException e) {
        log.info("{} through route {} not delivered yet: {}", n.key(), routeName, e.getMessage());
        throw ApplicationFailure.newFailure(e.getMessage(), e.type());
      }
      repo.record(
          new Delivery(
              n.tenant(),
              n.key(),
              routeName,
              n.event(),
              c.name(),
              c.provider(),
              route.target(),
              "sent",
              ref,
              null,
              1,
              null));
    }
  }

  @Override
  public void failed(Notification n, String routeName, String error) {
    Route route = repo.route(n.tenant(), routeName).orElse(null);
    log.warn("{} through route {} given up: {}", n.key(), routeName, error);
    repo.record(
        new Delivery(
            n.tenant(),
            n.key(),
            routeName,
            n.event(),
            route == null ? "?" : route.connection(),
            "?",
            route == null ? null : route.target(),
            "failed",
            null,
            error,
            1,
            null));
  }

  @Override
  public int approvalDecided(Notification n) {
    Notification.Approval a = n.approval();
    // the approval's message and those of its escalations (approval.escalated/<run>/<step>/<rung>)
    List<Delivery> posted =
        new ArrayList<>(
            repo.deliveries(
                n.tenant(),
                Notification.approvalKey(Notification.APPROVAL_OPENED, a.runId(), a.stepId())));
    posted.addAll(
        repo.deliveriesUnder(
            n.tenant(),
            Notification.approvalKey(Notification.APPROVAL_ESCALATED, a.runId(), a.stepId())));
    int updated = 0;
    for (Delivery d : posted) {
      if (!d.status().equals("sent") || !d.provider().equals("slack") || d.ref() == null) {
        continue;
      }
      ResolvedConnection c;
      try {
        c = connections.resolve(n.tenant(), d.connection(), "slack");
      } catch (ActionException gone) {
        continue; // the connection went: nothing to update
      }
      try {
        ((SlackChannel) channels.get("slack")).decided(c, d.ref(), Message.of(n, publicUrl.get()));
        updated++;
      } catch (ActionException e) {
        throw ApplicationFailure.newFailure(e.getMessage(), e.type());
      }
    }
    return updated;
  }

  private ResolvedConnection resolve(String tenant, String name) {
    try {
      return connections.resolve(tenant, name);
    } catch (ActionException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }
}
