package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tickets: ServiceNow's Table API ({@code POST /api/now/table/incident}, {@code PATCH
 * /api/now/table/incident/{sys_id}}, basic credentials; answers {@code {"result": {sys_id, number,
 * …}}}) and Jira Cloud's REST API v3 ({@code POST /rest/api/3/issue} and {@code
 * /rest/api/3/issue/{key}/comment}, e-mail and API token; text as Atlassian Document Format).
 */
public final class TicketActions {

  static final ServiceHttp.Types SERVICENOW = ServiceHttp.Types.of("ServiceNow");
  static final ServiceHttp.Types JIRA = ServiceHttp.Types.of("Jira");

  private final ConnectionResolver connections;

  public TicketActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  /**
   * @param urgency and impact 1 (high) to 3 (low), ServiceNow's scale
   * @param fields further columns of the incident table, as they are named there
   */
  public record SnowCreate(
      String connection,
      String shortDescription,
      String description,
      Integer urgency,
      Integer impact,
      Map<String, Object> fields) {}

  public record SnowUpdate(
      String connection,
      String sysId,
      String workNotes,
      String state,
      Map<String, Object> fields) {}

  public record JiraCreate(
      String connection,
      String project,
      String summary,
      String description,
      String issueType,
      List<String> labels) {}

  public record JiraComment(String connection, String issue, String body) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "servicenow.incident.create",
            SnowCreate.class,
            (in, ctx) -> {
              ResolvedConnection c =
                  connections.resolve(ctx.tenant(), in.connection(), "servicenow");
              Map<String, Object> body = new LinkedHashMap<>();
              if (in.fields() != null) {
                body.putAll(in.fields());
              }
              body.put("short_description", in.shortDescription());
              if (in.description() != null) {
                body.put("description", in.description());
              }
              if (in.urgency() != null) {
                body.put("urgency", String.valueOf(in.urgency()));
              }
              if (in.impact() != null) {
                body.put("impact", String.valueOf(in.impact()));
              }
              return snow(c, "POST", "/api/now/table/incident", body);
            }),
        ActionHandler.of(
            "servicenow.incident.update",
            SnowUpdate.class,
            (in, ctx) -> {
              ResolvedConnection c =
                  connections.resolve(ctx.tenant(), in.connection(), "servicenow");
              Map<String, Object> body = new LinkedHashMap<>();
              if (in.fields() != null) {
                body.putAll(in.fields());
              }
              if (in.workNotes() != null) {
                body.put("work_notes", in.workNotes());
              }
              if (in.state() != null) {
                body.put("state", in.state());
              }
              return snow(
                  c, "PATCH", "/api/now/table/incident/" + Connectors.path(in.sysId()), body);
            }),
        ActionHandler.of(
            "jira.issue.create",
            JiraCreate.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "jira");
              Map<String, Object> fields = new LinkedHashMap<>();
              String project =
                  in.project() != null
                      ? in.project()
                      : String.valueOf(c.config().get("projectKey"));
              fields.put("project", Map.of("key", project));
              fields.put("summary", in.summary());
              fields.put(
                  "issuetype",
                  Map.of(
                      "name",
                      in.issueType() != null
                          ? in.issueType()
                          : String.valueOf(c.config().getOrDefault("issueType", "Task"))));
              if (in.description() != null) {
                fields.put("description", adf(in.description()));
              }
              if (in.labels() != null && !in.labels().isEmpty()) {
                fields.put("labels", in.labels());
              }
              JsonNode a = jira(c, "/rest/api/3/issue", Map.of("fields", fields));
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("id", a.path("id").asText());
              out.put("key", a.path("key").asText());
              out.put("url", Connectors.base(c, "siteUrl") + "/browse/" + a.path("key").asText());
              return out;
            }),
        ActionHandler.of(
            "jira.issue.comment",
            JiraComment.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "jira");
              JsonNode a =
                  jira(
                      c,
                      "/rest/api/3/issue/" + Connectors.path(in.issue()) + "/comment",
                      Map.of("body", adf(in.body())));
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("issue", in.issue());
              out.put("commentId", a.path("id").asText());
              return out;
            }));
  }

  private static Map<String, Object> snow(
      ResolvedConnection c, String method, String path, Map<String, Object> body) {
    JsonNode r =
        Connectors.call(
                c,
                method,
                Connectors.base(c, "instanceUrl") + path,
                Map.of(
                    "Authorization",
                    Connectors.basic(
                        Connectors.secret(c, "username", SERVICENOW),
                        Connectors.secret(c, "password", SERVICENOW))),
                body,
                "ServiceNow",
                SERVICENOW)
            .orElseThrow()
            .path("result");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sysId", r.path("sys_id").asText());
    out.put("number", r.path("number").asText());
    out.put("state", r.path("state").asText(null));
    out.put(
        "url",
        Connectors.base(c, "instanceUrl")
            + "/nav_to.do?uri=incident.do?sys_id="
            + r.path("sys_id").asText());
    return out;
  }

  private static JsonNode jira(ResolvedConnection c, String path, Object body) {
    return Connectors.call(
            c,
            "POST",
            Connectors.base(c, "siteUrl") + path,
            Map.of(
                "Authorization",
                Connectors.basic(
                    Connectors.secret(c, "email", JIRA), Connectors.secret(c, "apiToken", JIRA))),
            body,
            "Jira",
            JIRA)
        .orElseThrow();
  }

  /** Plain text as an Atlassian Document: one paragraph a line. */
  static Map<String, Object> adf(String text) {
    List<Object> paragraphs = new ArrayList<>();
    for (String line : text.split("\\R", -1)) {
      paragraphs.add(
          line.isEmpty()
              ? Map.of("type", "paragraph", "content", List.of())
              : Map.of(
                  "type", "paragraph", "content", List.of(Map.of("type", "text", "text", line))));
    }
    return Map.of("type", "doc", "version", 1, "content", paragraphs);
  }
}
