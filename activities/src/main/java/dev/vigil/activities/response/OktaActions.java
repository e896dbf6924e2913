package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Okta's Users API ({@code Authorization: SSWS <token>}): suspend and unsuspend a user ({@code POST
 * /api/v1/users/{id}/lifecycle/suspend|unsuspend}) and end their sessions ({@code DELETE
 * /api/v1/users/{id}/sessions}). A user is named by id or login; a login is looked up first. Okta's
 * errors ({@code {"errorCode": "E0000007", "errorSummary": "Not found: …"}}) are refused with their
 * summary; 429 waits for {@code X-Rate-Limit-Reset}.
 */
public final class OktaActions {

  static final ServiceHttp.Types TYPES = ServiceHttp.Types.of("Okta");

  private final ConnectionResolver connections;

  public OktaActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  public record UserInput(String connection, String user) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "okta.user.suspend",
            UserInput.class,
            (in, ctx) -> lifecycle(ctx.tenant(), in, "suspend", "SUSPENDED")),
        ActionHandler.of(
            "okta.user.unsuspend",
            UserInput.class,
            (in, ctx) -> lifecycle(ctx.tenant(), in, "unsuspend", "ACTIVE")),
        ActionHandler.of(
            "okta.user.clear_sessions",
            UserInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "okta");
              JsonNode u = user(c, in.user());
              String id = u.path("id").asText();
              Connectors.call(
                  c,
                  "DELETE",
                  Connectors.base(c, "orgUrl")
                      + "/api/v1/users/"
                      + Connectors.path(id)
                      + "/sessions",
                  auth(c),
                  null,
                  "Okta",
                  TYPES);
              return result(u, u.path("status").asText(), "sessions cleared");
            }));
  }

  private Map<String, Object> lifecycle(
      String tenant, UserInput in, String operation, String becomes) {
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "okta");
    JsonNode u = user(c, in.user());
    if (becomes.equals(u.path("status").asText())) {
      return result(u, becomes, "already " + becomes.toLowerCase(java.util.Locale.ROOT));
    }
    Connectors.call(
        c,
        "POST",
        Connectors.base(c, "orgUrl")
            + "/api/v1/users/"
            + Connectors.path(u.path("id").asText())
            + "/lifecycle/"
            + operation,
        auth(c),
        null,
        "Okta",
        TYPES);
    return result(u, becomes, operation + "ed");
  }

  /** The user by id or login ({@code GET /api/v1/users/{idOrLogin}}). */
  private JsonNode user(ResolvedConnection c, String user) {
    return Connectors.call(
            c,
            "GET",
            Connectors.base(c, "orgUrl") + "/api/v1/users/" + Connectors.path(user),
            auth(c),
            null,
            "Okta",
            TYPES)
        .orElseThrow();
  }

  private static Map<String, String> auth(ResolvedConnection c) {
    return Map.of("Authorization", "SSWS " + Connectors.secret(c, "apiToken", TYPES));
  }

  private static Map<String, Object> result(JsonNode u, String status, String done) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", u.path("id").asText());
    out.put("login", u.path("profile").path("login").asText(null));
    out.put("status", status);
    out.put("done", done);
    return out;
  }
}
