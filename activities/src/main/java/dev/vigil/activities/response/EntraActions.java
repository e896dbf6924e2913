package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Microsoft Entra ID through Microsoft Graph: disable or enable an account ({@code PATCH
 * /users/{id} {"accountEnabled": …}}) and revoke its sign-in sessions ({@code POST
 * /users/{id}/revokeSignInSessions}). The app signs in with the client-credentials grant ({@code
 * POST {login}/{tenantId}/oauth2/v2.0/token}, scope {@code https://graph.microsoft.com/.default});
 * its token is kept until a minute before it expires. A user is named by object id or user
 * principal name.
 */
public final class EntraActions {

  static final ServiceHttp.Types TYPES = ServiceHttp.Types.of("Entra");

  private final ConnectionResolver connections;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  record Token(int version, String value, Instant expires) {}

  public EntraActions(ConnectionResolver connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  public record UserInput(String connection, String user) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "entra.user.disable", UserInput.class, (in, ctx) -> enabled(ctx.tenant(), in, false)),
        ActionHandler.of(
            "entra.user.enable", UserInput.class, (in, ctx) -> enabled(ctx.tenant(), in, true)),
        ActionHandler.of(
            "entra.user.revoke_sessions",
            UserInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "entra");
              JsonNode answer =
                  Connectors.call(
                          c,
                          "POST",
                          graph(c)
                              + "/users/"
                              + Connectors.path(in.user())
                              + "/revokeSignInSessions",
                          auth(c),
                          Map.of(),
                          "Microsoft Graph",
                          TYPES)
                      .orElse(null);
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("user", in.user());
              out.put("revoked", answer == null || answer.path("value").asBoolean(true));
              return out;
            }));
  }

  private Map<String, Object> enabled(String tenant, UserInput in, boolean enabled) {
    ResolvedConnection c = connections.resolve(tenant, in.connection(), "entra");
    Connectors.call(
        c,
        "PATCH",
        graph(c) + "/users/" + Connectors.path(in.user()),
        auth(c),
        Map.of("accountEnabled", enabled),
        "Microsoft Graph",
        TYPES);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", in.user());
    out.put("accountEnabled", enabled);
    return out;
  }

  private static String graph(ResolvedConnection c) {
    return String.valueOf(
            c.config().getOrDefault("graphBaseUrl", "https://graph.microsoft.com/v1.0"))
        .replaceAll("/+$", "");
  }

  private Map<String, String> auth(ResolvedConnection c) {
    String key = c.tenant() + "/" + c.name();
    Token t = tokens.get(key);
    if (t == null
        || t.version() != c.version()
        || clock.instant().isAfter(t.expires().minusSeconds(60))) {
      String login =
          String.valueOf(
                  c.config().getOrDefault("loginBaseUrl", "https://login.microsoftonline.com"))
              .replaceAll("/+$", "");
      String form =
          "client_id="
              + Connectors.path(Connectors.secret(c, "clientId", TYPES))
              + "&client_secret="
              + Connectors.path(Connectors.secret(c, "clientSecret", TYPES))
              + "&scope="
              + Connectors.path("https://graph.microsoft.com/.default")
              + "&grant_type=client_credentials";
      JsonNode answer =
          Connectors.call(
                  c,
                  "POST",
                  login
                      + "/"
                      + Connectors.path(Connectors.base(c, "tenantId"))
                      + "/oauth2/v2.0/token",
                  Map.of(),
                  form,
                  "Microsoft identity platform",
                  TYPES)
              .orElseThrow();
      t =
          new Token(
              c.version(),
              answer.path("access_token").asText(),
              clock.instant().plusSeconds(answer.path("expires_in").asLong(3599)));
      tokens.put(key, t);
    }
    return Map.of("Authorization", "Bearer " + t.value());
  }
}
