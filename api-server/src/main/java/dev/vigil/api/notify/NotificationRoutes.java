package dev.vigil.api.notify;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.integration.Providers;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.notify.NotificationRepository;
import dev.vigil.store.notify.NotificationRepository.Delivery;
import dev.vigil.store.notify.NotificationRepository.Route;
import dev.vigil.workflows.notify.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * The tenant's notification routes: which events (approvals opened and escalated, incidents opened
 * and in breach of their SLA — optionally only of some severities) go to which channel, a
 * connection of provider slack, smtp, webhook or pagerduty. Changes are audited; what was delivered
 * is listed.
 */
@Service
public class NotificationRoutes {

  static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
  static final List<String> SEVERITIES = List.of("info", "low", "medium", "high", "critical");
  static final Pattern ADDRESS = Pattern.compile("^[^@\\s,]{1,64}@[^@\\s,]{1,255}$");

  private final NotificationRepository repo;
  private final ConnectionRepository connections;
  private final Audit audit;

  public NotificationRoutes(
      NotificationRepository repo, ConnectionRepository connections, Audit audit) {
    this.repo = repo;
    this.connections = connections;
    this.audit = audit;
  }

  /**
   * {@code channel}: the connection to send through and where on it — a Slack channel ({@code #soc}
   * or an id), e-mail addresses (comma-separated); none for webhook and PagerDuty (their connection
   * says where). Absent: the connection's default.
   */
  public record ChannelRef(String connection, String target) {}

  public record CreateRoute(
      String name,
      List<String> events,
      List<String> severities,
      ChannelRef channel,
      Boolean enabled) {}

  /** Any field may be absent (unchanged). */
  public record UpdateRoute(
      List<String> events, List<String> severities, ChannelRef channel, Boolean enabled) {}

  public record ChannelView(String connection, String provider, String target) {}

  public record RouteView(
      String name,
      List<String> events,
      List<String> severities,
      ChannelView channel,
      boolean enabled,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  public record DeliveryView(
      String key,
      String route,
      String event,
      String connection,
      String provider,
      String target,
      String status,
      String error,
      int attempts,
      Instant at) {
    static DeliveryView of(Delivery d) {
      return new DeliveryView(
          d.key(),
          d.route(),
          d.event(),
          d.connection(),
          d.provider(),
          d.target(),
          d.status(),
          d.error(),
          d.attempts(),
          d.sentAt());
    }
  }

  public List<RouteView> list(Actor actor) {
    return repo.routes(actor.tenant()).stream().map(this::view).toList();
  }

  public RouteView get(Actor actor, String name) {
    return view(find(actor, name));
  }

  public List<DeliveryView> deliveries(Actor actor, Integer limit) {
    int n = limit == null ? 50 : Math.max(1, Math.min(limit, 200));
    return repo.recentDeliveries(actor.tenant(), n).stream().map(DeliveryView::of).toList();
  }

  public RouteView create(Actor actor, CreateRoute body) {
    String name = body.name() == null ? "" : body.name().trim();
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid(
          "/name", "name must be 1-63 lower-case letters, digits or hyphens");
    }
    List<String> events = events(body.events());
    List<String> severities = severities(body.severities());
    ChannelRef channel = channel(actor, body.channel());
    Route r =
        new Route(
            actor.tenant(),
            name,
            events,
            severities,
            channel.connection(),
            channel.target(),
            body.enabled() == null || body.enabled(),
            actor.user(),
            null,
            actor.user(),
            null);
    if (!repo.create(r)) {
      throw ApiException.conflict("exists", "a route named '" + name + "' exists already");
    }
    audit.record(actor, "notification.route.create", "route/" + name, Audit.SUCCESS, details(r));
    return get(actor, name);
  }

  public RouteView update(Actor actor, String name, UpdateRoute body) {
    Route current = find(actor, name);
    ChannelRef channel =
        body.channel() == null
            ? new ChannelRef(current.connection(), current.target())
            : channel(actor, body.channel());
    Route next =
        new Route(
            actor.tenant(),
            name,
            body.events() == null ? current.events() : events(body.events()),
            body.severities() == null ? current.severities() : severities(body.severities()),
            channel.connection(),
            channel.target(),
            body.enabled() == null ? current.enabled() : body.enabled(),
            current.createdBy(),
            current.createdAt(),
            actor.user(),
            null);
    if (!repo.update(next)) {
      throw notFound(name);
    }
    audit.record(actor, "notification.route.update", "route/" + name, Audit.SUCCESS, details(next));
    return get(actor, name);
  }

  public void delete(Actor actor, String name) {
    if (!repo.delete(actor.tenant(), name)) {
      throw notFound(name);
    }
    audit.record(actor, "notification.route.delete", "route/" + name, Audit.SUCCESS, Map.of());
  }

  private Route find(Actor actor, String name) {
    return repo.route(actor.tenant(), name).orElseThrow(() -> notFound(name));
  }

  private static ApiException notFound(String name) {
    return ApiException.notFound("no notification route '" + name + "'");
  }

  private RouteView view(Route r) {
    String provider =
        connections.get(r.tenant(), r.connection()).map(c -> c.provider()).orElse(null);
    return new RouteView(
        r.name(),
        r.events(),
        r.severities(),
        new ChannelView(r.connection(), provider, r.target()),
        r.enabled(),
        r.createdBy(),
        r.createdAt(),
        r.updatedBy(),
        r.updatedAt());
  }

  private static Map<String, Object> details(Route r) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("events", r.events());
    d.put("severities", r.severities());
    d.put("connection", r.connection());
    d.put("target", r.target());
    d.put("enabled", r.enabled());
    return d;
  }

  private static List<String> events(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw ApiException.invalid(
          "/events",
          "events must name at least one of " + String.join(", ", Notification.ROUTABLE));
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      String e = events.get(i);
      if (!Notification.ROUTABLE.contains(e)) {
        throw ApiException.invalid(
            "/events/" + i,
            "unknown event '" + e + "'; one of " + String.join(", ", Notification.ROUTABLE));
      }
      out.add(e);
    }
    return new ArrayList<>(out);
  }

  private static List<String> severities(List<String> severities) {
    if (severities == null) {
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < severities.size(); i++) {
      String s = severities.get(i);
      if (!SEVERITIES.contains(s)) {
        throw ApiException.invalid(
            "/severities/" + i,
            "unknown severity '" + s + "'; one of " + String.join(", ", SEVERITIES));
      }
      out.add(s);
    }
    return new ArrayList<>(out);
  }

  /** The channel, checked: a connection of this tenant that is a channel, and a fitting target. */
  private ChannelRef channel(Actor actor, ChannelRef c) {
    if (c == null || c.connection() == null || c.connection().isBlank()) {
      throw ApiException.invalid(
          "/channel/connection",
          "channel.connection must name a connection of provider slack, smtp, webhook or"
              + " pagerduty (Settings › Integrations)");
    }
    var connection =
        connections
            .get(actor.tenant(), c.connection())
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "/channel/connection", "no connection named '" + c.connection() + "'"));
    boolean isChannel =
        Providers.get(connection.provider()).map(Providers.Provider::channel).orElse(false);
    if (!isChannel) {
      throw ApiException.invalid(
          "/channel/connection",
          "'"
              + c.connection()
              + "' is a "
              + connection.provider()
              + " connection, not a notification channel (slack, smtp, webhook, pagerduty)");
    }
    String target = c.target() == null || c.target().isBlank() ? null : c.target().trim();
    switch (connection.provider()) {
      case "slack" -> {
        if (target != null && (target.length() > 80 || target.contains(" "))) {
          throw ApiException.invalid(
              "/channel/target", "a Slack channel is a name such as #soc or an id such as C0123");
        }
        if (target == null && connection.config().get("channel") == null) {
          throw ApiException.invalid(
              "/channel/target",
              "name a Slack channel: connection '" + c.connection() + "' has no default channel");
        }
      }
      case "smtp" -> {
        if (target != null) {
          String[] addresses = target.split(",");
          for (String a : addresses) {
            if (!ADDRESS.matcher(a.trim()).matches()) {
              throw ApiException.invalid(
                  "/channel/target", "not an e-mail address: '" + a.trim() + "'");
            }
          }
        } else if (connection.config().get("to") == null) {
          throw ApiException.invalid(
              "/channel/target",
              "name the recipients: connection '" + c.connection() + "' has no default 'to'");
        }
      }
      default -> {
        if (target != null) {
          throw ApiException.invalid(
              "/channel/target",
              "a " + connection.provider() + " channel takes no target: its connection says where");
        }
      }
    }
    return new ChannelRef(connection.name(), target);
  }
}
