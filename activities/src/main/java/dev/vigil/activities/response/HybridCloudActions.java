package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.playbook.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hybrid-cloud connectors: Morpheus ({@code Authorization: Bearer <token>}; run a workflow on
 * an instance, suspend it, snapshot it — Morpheus answers {@code {"success": true, …}} or {@code
 * {"success": false, "msg": …}}) and OpsRamp (OAuth2 client credentials at {@code
 * /auth/oauth/token}; incidents under {@code /api/v2/tenants/{tenantId}/incidents}, alerts searched
 * with {@code /alerts/search?queryString=}).
 */
public final class HybridCloudActions {

  static final ServiceHttp.Types MORPHEUS = ServiceHttp.Types.of("Morpheus");
  static final ServiceHttp.Types OPSRAMP = ServiceHttp.Types.of("OpsRamp");

  private final ConnectionResolver connections;
  private final Clock clock;
  private final Map<String, String[]> tokens = new ConcurrentHashMap<>();

  public HybridCloudActions(ConnectionResolver connections, Clock clock) {
    this.connections = connections;
    this.clock = clock;
  }

  public record WorkflowInput(String connection, long workflowId, long instanceId) {}

  public record InstanceInput(String connection, long instanceId, String name) {}

  public record IncidentCreate(
      String connection, String subject, String description, String priority) {}

  public record IncidentUpdate(
      String connection, String incidentId, String status, String description) {}

  public record AlertQuery(String connection, String query, Integer pageSize) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "morpheus.workflow.execute",
            WorkflowInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "morpheus");
              JsonNode r =
                  morpheus(
                      c,
                      "POST",
                      "/api/task-sets/" + in.workflowId() + "/execute",
                      Map.of(
                          "job",
                          Map.of("targetType", "instance", "instances", List.of(in.instanceId()))));
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("workflowId", in.workflowId());
              out.put("instanceId", in.instanceId());
              out.put("jobExecutionId", r.path("jobExecution").path("id").asText(null));
              return out;
            }),
        ActionHandler.of(
            "morpheus.instance.suspend",
            InstanceInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "morpheus");
              morpheus(c, "PUT", "/api/instances/" + in.instanceId() + "/suspend", Map.of());
              return Map.of("instanceId", in.instanceId(), "suspended", true);
            }),
        ActionHandler.of(
            "morpheus.instance.snapshot",
            InstanceInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "morpheus");
              String name =
                  in.name() != null ? in.name() : "vigil-" + clock.instant().getEpochSecond();
              morpheus(
                  c,
                  "PUT",
                  "/api/instances/" + in.instanceId() + "/snapshot",
                  Map.of("snapshot", Map.of("name", name, "description", "taken by Vigil")));
              return Map.of("instanceId", in.instanceId(), "snapshot", name);
            }),
        ActionHandler.of(
            "opsramp.incident.create",
            IncidentCreate.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "opsramp");
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("subject", in.subject());
              if (in.description() != null) {
                body.put("description", in.description());
              }
              body.put("priority", in.priority() == null ? "P3" : in.priority());
              JsonNode r = opsramp(c, "POST", "/incidents", body);
              return Map.of("incidentId", r.path("id").asText());
            }),
        ActionHandler.of(
            "opsramp.incident.update",
            IncidentUpdate.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "opsramp");
              Map<String, Object> body = new LinkedHashMap<>();
              if (in.status() != null) {
                body.put("status", in.status());
              }
              if (in.description() != null) {
                body.put("description", in.description());
              }
              opsramp(c, "POST", "/incidents/" + Connectors.path(in.incidentId()), body);
              return Map.of("incidentId", in.incidentId(), "updated", true);
            }),
        ActionHandler.of(
            "opsramp.alert.query",
            AlertQuery.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "opsramp");
              int size = in.pageSize() == null ? 100 : in.pageSize();
              JsonNode r =
                  opsramp(
                      c,
                      "GET",
                      "/alerts/search?queryString="
                          + Connectors.path(in.query())
                          + "&pageSize="
                          + size,
                      null);
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("alerts", Json.toJava(r.path("results")));
              out.put("total", r.path("totalResults").asLong());
              out.put("truncated", r.path("nextPage").asBoolean(false));
              return out;
            }));
  }

  private static JsonNode morpheus(ResolvedConnection c, String method, String path, Object body) {
    JsonNode r =
        Connectors.call(
                c,
                method,
                Connectors.base(c, "url") + path,
                Map.of("Authorization", "Bearer " + Connectors.secret(c, "accessToken", MORPHEUS)),
                body,
                "Morpheus",
                MORPHEUS)
            .orElseThrow(
                () -> new ActionException(MORPHEUS.unavailable(), "Morpheus answered nothing"));
    if (!r.path("success").asBoolean(false)) {
      throw new ActionException(
          MORPHEUS.refused(), "Morpheus refused: " + r.path("msg").asText(r.toString()));
    }
    return r;
  }

  private JsonNode opsramp(ResolvedConnection c, String method, String path, Object body) {
    String base = Connectors.base(c, "url");
    String tenant = Connectors.base(c, "tenantId");
    return Connectors.call(
            c,
            method,
            base + "/api/v2/tenants/" + Connectors.path(tenant) + path,
            Map.of("Authorization", "Bearer " + token(c, base)),
            body,
            "OpsRamp",
            OPSRAMP)
        .orElseThrow(() -> new ActionException(OPSRAMP.unavailable(), "OpsRamp answered nothing"));
  }

  /** The OAuth2 client-credentials token, kept until a minute before it expires. */
  private String token(ResolvedConnection c, String base) {
    String key = c.tenant() + "/" + c.name() + "/" + c.version();
    String[] t = tokens.get(key);
    if (t != null && clock.instant().isBefore(Instant.parse(t[1]))) {
      return t[0];
    }
    String form =
        "grant_type=client_credentials&client_id="
            + Connectors.path(Connectors.secret(c, "clientId", OPSRAMP))
            + "&client_secret="
            + Connectors.path(Connectors.secret(c, "clientSecret", OPSRAMP));
    JsonNode r =
        Connectors.call(c, "POST", base + "/auth/oauth/token", Map.of(), form, "OpsRamp", OPSRAMP)
            .orElseThrow();
    String value = r.path("access_token").asText();
    tokens.put(
        key,
        new String[] {
          value,
          clock
              .instant()
              .plusSeconds(Math.max(60, r.path("expires_in").asLong(3600)) - 60)
              .toString()
        });
    return value;
  }
}
