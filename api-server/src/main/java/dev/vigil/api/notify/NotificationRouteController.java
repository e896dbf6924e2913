package dev.vigil.api.notify;

import dev.vigil.api.notify.NotificationRoutes.CreateRoute;
import dev.vigil.api.notify.NotificationRoutes.DeliveryView;
import dev.vigil.api.notify.NotificationRoutes.RouteView;
import dev.vigil.api.notify.NotificationRoutes.UpdateRoute;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Notification routes (which events go to which channel) and what they delivered. */
@RestController
public class NotificationRouteController {

  private final NotificationRoutes service;

  public NotificationRouteController(NotificationRoutes service) {
    this.service = service;
  }

  @GetMapping("/api/v1/notification-routes")
  @Requires(Permission.SETTINGS_READ)
  public Map<String, List<RouteView>> list(Actor actor) {
    return Map.of("items", service.list(actor));
  }

  @GetMapping("/api/v1/notification-routes/{name}")
  @Requires(Permission.SETTINGS_READ)
  public RouteView get(Actor actor, @PathVariable String name) {
    return service.get(actor, name);
  }

  @PostMapping("/api/v1/notification-routes")
  @Requires(Permission.SETTINGS_MANAGE)
  public ResponseEntity<RouteView> create(Actor actor, @RequestBody CreateRoute body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @PatchMapping("/api/v1/notification-routes/{name}")
  @Requires(Permission.SETTINGS_MANAGE)
  public RouteView update(Actor actor, @PathVariable String name, @RequestBody UpdateRoute body) {
    return service.update(actor, name, body);
  }

  @DeleteMapping("/api/v1/notification-routes/{name}")
  @Requires(Permission.SETTINGS_MANAGE)
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String name) {
    service.delete(actor, name);
    return ResponseEntity.noContent().build();
  }

  /** The latest deliveries, newest first: which notification went where, or why not. */
  @GetMapping("/api/v1/notification-deliveries")
  @Requires(Permission.SETTINGS_READ)
  public Map<String, List<DeliveryView>> deliveries(
      Actor actor, @RequestParam(required = false) Integer limit) {
    return Map.of("items", service.deliveries(actor, limit));
  }
}
