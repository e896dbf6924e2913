package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.Requires;
import dev.vigil.api.system.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint, called by a signed-in member of every built-in role, by a member holding a
 * custom role, by a platform owner and by the owner of another tenant, against the permission
 * matrix ({@link Role}, documented in docs/security.md) and the custom role's permissions. An
 * endpoint the table below does not know fails the test.
 */
class AuthorizationMatrixIT {

  static Standalone vigil;
  static Api api;
  static String run;
  static String otherRun;
  static String alert;
  static String incident;
  static String scanId;
  static String fileId;
  static String reportId;
  static final AtomicInteger N = new AtomicInteger();

  /** Members of tenant default and what their roles grant, plus the platform owner. */
  static final Map<String, java.util.Set<Permission>> CALLERS = new LinkedHashMap<>();

  /** The custom role member "cus" holds: a tier-1 triager. */
  static final java.util.Set<Permission> TRIAGER =
      java.util.EnumSet.of(
          Permission.ALERT_READ,
          Permission.ALERT_TRIAGE,
          Permission.EVENT_READ,
          Permission.INCIDENT_READ,
          Permission.WAZUH_READ,
          Permission.USER_READ,
          Permission.API_KEY_OWN,
          Permission.SELF);

  /** The manager behind matrix-local, so the live reads, the test and the syncs get answers. */
  static dev.vigil.activities.wazuh.WazuhManagerStub manager;

  @BeforeAll
  static void start(@TempDir Path data) throws Exception {
    manager = new dev.vigil.activities.wazuh.WazuhManagerStub(3);
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    CALLERS.put("own", Role.OWNER.permissions());
    CALLERS.put("adm", Role.ADMIN.permissions());
    CALLERS.put("eng", Role.ENGINEER.permissions());
    CALLERS.put("ana", Role.ANALYST.permissions());
    CALLERS.put("vic", Role.VIEWER.permissions());
    CALLERS.put("aud", Role.AUDITOR.permissions());
    CALLERS.keySet().forEach(u -> api.member("default", u, Api.ROLES.get(u)));
    Api.Res triager =
        api.post(
            "/api/v1/roles",
            "admin",
            "{\"name\": \"matrix-role\", \"permissions\": "
                + TRIAGER.stream().map(p -> "\"" + p.key() + "\"").toList()
                + "}");
    assertThat(triager.status()).as(triager.text()).isEqualTo(201);
    CALLERS.put("cus", TRIAGER);
    api.member("default", "cus", "matrix-role");
    api.member("default", "starter", "analyst");
    api.member("default", "target", "viewer");
    api.member("globex", "gus", "owner");
    Api.Res pb =
        api.post(
            "/api/v1/playbooks",
            "admin",
            "{\"key\": \"matrix-pb\", \"title\": \"M\", \"steps\": [{\"id\": \"ok\", \"approval\": {\"prompt\": \"go?\","
                + " \"approvers\": {\"roles\": [\"owner\", \"admin\", \"analyst\"]}, \"quorum\": 20}}]}");
    assertThat(pb.status()).as(pb.text()).isEqualTo(201);
    run = startRun("starter");
    otherRun = null;
    Api.Res connection = api.post("/api/v1/integrations", "admin", wazuh("matrix-wazuh"));
    assertThat(connection.status()).as(connection.text()).isEqualTo(201);
    // reached by workers (test, live reads, sync): the spec-checking Wazuh stub
    Api.Res local =
        api.post(
            "/api/v1/integrations",
            "admin",
            wazuh("matrix-local")
                .replace("https://wazuh.example.com:55000", manager.url().toString())
                .replace("matrix-secret", dev.vigil.activities.wazuh.WazuhManagerStub.PASSWORD));
    assertThat(local.status()).as(local.text()).isEqualTo(201);
    // one agent in its cache, as its sync would have left it
    new dev.vigil.store.wazuh.WazuhCache(vigil.context().getBean(javax.sql.DataSource.class))
        .replaceAgents(
            "default",
            "matrix-local",
            java.util.List.of(
                new dev.vigil.store.wazuh.WazuhCache.Agent(
                    "001",
                    "web-01",
                    "10.0.0.5",
                    "active",
                    "Wazuh v4.12.1",
                    "Ubuntu",
                    "22.04",
                    "ubuntu",
                    java.time.Instant.now(),
                    null,
                    java.util.List.of("default"),
                    "node01",
                    null)),
            java.time.Instant.now(),
            null);
    Api.Res hook =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \"matrix-hook\", \"provider\": \"webhook\", \"config\": {\"url\":"
                + " \"https://hooks.example.com/vigil\"}, \"secrets\": {}}");
    assertThat(hook.status()).as(hook.text()).isEqualTo(201);
    Api.Res route =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \"matrix-route\", \"events\": [\"incident.opened\"], \"channel\":"
                + " {\"connection\": \"matrix-hook\"}}");
    assertThat(route.status()).as(route.text()).isEqualTo(201);
    Api.Res scope =
        api.adminSession("default")
            .send("PATCH", "/api/v1/settings", "{\"scanScope\": [\"127.0.0.1\"]}");
    assertThat(scope.status()).as(scope.text()).isEqualTo(200);
    Api.Res scan =
        api.post(
            "/api/v1/scans", "admin", "{\"target\": \"127.0.0.1\", \"profile\": \"discovery\"}");
    assertThat(scan.status()).as(scan.text()).isEqualTo(201);
    scanId = scan.at("/scanId").asText();
    api.await("/api/v1/scans/" + scanId, "admin", "/status", "succeeded");
    Api.Res file = api.upload("admin", "matrix-file.txt", "matrix file\n".getBytes());
    assertThat(file.status()).as(file.text()).isEqualTo(201);
    fileId = file.at("/fileId").asText();
    Api.Res report = api.post("/api/v1/reports", "admin", scanReport());
    assertThat(report.status()).as(report.text()).isEqualTo(202);
    reportId = report.at("/reportId").asText();
    Api.Res schedule = api.post("/api/v1/scan-schedules", "admin", schedule("matrix-schedule"));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);
    Api.Res smtp =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \"matrix-mail\", \"provider\": \"smtp\", \"config\": {\"host\":"
                + " \"127.0.0.1\", \"port\": 2525, \"security\": \"none\", \"from\":"
                + " \"vigil@acme.example\"}, \"secrets\": {}}");
    assertThat(smtp.status()).as(smtp.text()).isEqualTo(201);
    Api.Res reportSchedule =
        api.post("/api/v1/report-schedules", "admin", reportSchedule("matrix-report-schedule"));
    assertThat(reportSchedule.status()).as(reportSchedule.text()).isEqualTo(201);
    Api.Res rule =
        api.post(
            "/api/v1/detections",
            "admin",
            "{\"key\": \"matrix-rule\", \"title\": \"M\", \"kind\": \"match\", \"severity\":"
                + " \"info\", \"filter\": \"${{ event.message == 'matrix-event' }}\"}");
    assertThat(rule.status()).as(rule.text()).isEqualTo(201);
    Api.Res ingested =
        api.post(
            "/api/v1/events?source=vigil",
            "admin",
            "[{\"time\": \""
                + java.time.Instant.now()
                + "\", \"category\": \"ops\", \"type\": \"log\", \"message\": \"matrix-event\","
                + " \"source\": {\"system\": \"matrix-host\"}}]");
    assertThat(ingested.status()).as(ingested.text()).isEqualTo(202);
    long end = System.nanoTime() + 30_000_000_000L;
    while (alert == null && System.nanoTime() < end) {
      Api.Res a = api.get("/api/v1/alerts?rule=matrix-rule", "admin");
      if (a.at("/items").size() > 0) {
        alert = a.at("/items/0/id").asText();
      }
    }
    assertThat(alert).as("the matrix rule's alert").isNotNull();
    Api.Res inc =
        api.post(
            "/api/v1/incidents",
            "admin",
            "{\"title\": \"matrix incident\", \"severity\": \"medium\"}");
    assertThat(inc.status()).as(inc.text()).isEqualTo(201);
    incident = inc.at("/id").asText();
    api.await("/api/v1/runs/" + run, "starter", "/status", "waiting_approval");
  }

  @AfterAll
  static void stop() {
    vigil.close();
    manager.close();
  }

  static String startRun(String user) {
    Api.Res r = api.post("/api/v1/runs", user, "{\"playbook\": \"matrix-pb\", \"inputs\": {}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/runId").asText();
  }

  /**
   * One call of an endpoint: what to send (built per caller, so state-changing calls never
   * collide), what an allowed caller gets, and what the owner of another tenant gets.
   *
   * @param otherTenant the status for tenant globex's owner; 0 for "the same as allowed"
   * @param mustNotShow text that must not appear in another tenant's answer
   */
  record Sample(
      String method,
      Function<String, String> path,
      Function<String, String> body,
      int allowed,
      int otherTenant,
      String mustNotShow,
      String type) {
    Sample(
        String method,
        Function<String, String> path,
        Function<String, String> body,
        int allowed,
        int otherTenant,
        String mustNotShow) {
      this(method, path, body, allowed, otherTenant, mustNotShow, "application/json");
    }
  }

  static Sample get(String path, int allowed, int other, String hidden) {
    return new Sample("GET", u -> path, u -> null, allowed, other, hidden);
  }

  static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

  static {
    SAMPLES.put("GET /api/v1/schema/playbook", get("/api/v1/schema/playbook", 200, 0, null));
    SAMPLES.put("GET /api/v1/actions", get("/api/v1/actions", 200, 0, null));
    SAMPLES.put("GET /api/v1/attack", get("/api/v1/attack", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/playbooks/validate",
        new Sample(
            "POST", u -> "/api/v1/playbooks/validate", u -> "{\"key\": \"x\"}", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/playbooks",
        new Sample(
            "POST",
            u -> "/api/v1/playbooks",
            u ->
                "{\"key\": \"p-"
                    + N.incrementAndGet()
                    + "\", \"title\": \"P\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}",
            201,
            0,
            null));
    SAMPLES.put("GET /api/v1/playbooks", get("/api/v1/playbooks", 200, 200, "matrix-pb"));
    SAMPLES.put("GET /api/v1/playbooks/{key}", get("/api/v1/playbooks/matrix-pb", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/runs",
        new Sample(
            "POST",
            u -> "/api/v1/runs",
            u -> "{\"playbook\": \"matrix-pb\", \"inputs\": {}}",
            201,
            422,
            null));
    SAMPLES.put("GET /api/v1/runs", get("/api/v1/runs", 200, 200, "matrix-pb"));
    SAMPLES.put(
        "GET /api/v1/runs/{runId}",
        new Sample("GET", u -> "/api/v1/runs/" + run, u -> null, 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/runs/{runId}/history",
        new Sample("GET", u -> "/api/v1/runs/" + run + "/history", u -> null, 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/runs/{runId}/approvals/{stepId}",
        new Sample(
            "POST",
            u -> "/api/v1/runs/" + run + "/approvals/ok",
            u -> "{\"decision\": \"approve\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/runs/{runId}/cancel",
        new Sample(
            "POST",
            u -> "/api/v1/runs/" + startRun("starter") + "/cancel",
            u -> "{}",
            202,
            404,
            null));
    // the matrix's run is open (quorum 20): those who may restart learn it is still running
    SAMPLES.put(
        "POST /api/v1/runs/{runId}/restart",
        new Sample("POST", u -> "/api/v1/runs/" + run + "/restart", u -> "{}", 409, 404, null));
    SAMPLES.put("GET /api/v1/approvals", get("/api/v1/approvals", 200, 200, "matrix-pb"));
    SAMPLES.put(
        "GET /api/v1/approvals/stream",
        get("/api/v1/approvals/stream?probe", 200, 200, "matrix-pb"));
    SAMPLES.put("GET /api/v1/audit", get("/api/v1/audit", 200, 200, "matrix-pb"));
    SAMPLES.put("GET /api/v1/audit/verify", get("/api/v1/audit/verify", 200, 200, null));
    SAMPLES.put(
        "POST /api/v1/auth/login",
        new Sample(
            "POST",
            u -> "/api/v1/auth/login",
            u -> "{\"username\": \"" + u + "\", \"password\": \"wrong-password-123\"}",
            401,
            0,
            null));
    SAMPLES.put(
        "POST /api/v1/auth/logout",
        new Sample("POST", u -> "/api/v1/auth/logout", u -> "{}", 204, 0, null));
    SAMPLES.put(
        "POST /api/v1/auth/tenant",
        new Sample(
            "POST", u -> "/api/v1/auth/tenant", u -> "{\"tenant\": \"default\"}", 200, 404, null));
    SAMPLES.put("GET /api/v1/me", get("/api/v1/me", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/me/password",
        new Sample(
            "POST",
            u -> "/api/v1/me/password",
            u -> "{\"currentPassword\": \"not-it\", \"newPassword\": \"x\"}",
            422,
            0,
            null));
    SAMPLES.put("GET /api/v1/users", get("/api/v1/users", 200, 200, "\"starter\""));
    SAMPLES.put(
        "POST /api/v1/users",
        new Sample(
            "POST",
            u -> "/api/v1/users",
            u -> "{\"username\": \"new-" + N.incrementAndGet() + "\", \"role\": \"viewer\"}",
            201,
            0,
            null));
    SAMPLES.put(
        "PATCH /api/v1/users/{username}",
        new Sample(
            "PATCH", u -> "/api/v1/users/target", u -> "{\"role\": \"viewer\"}", 200, 404, null));
    SAMPLES.put("GET /api/v1/roles", get("/api/v1/roles", 200, 200, "matrix-role"));
    SAMPLES.put("GET /api/v1/roles/{name}", get("/api/v1/roles/matrix-role", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/roles",
        new Sample(
            "POST",
            u -> "/api/v1/roles",
            u -> "{\"name\": \"r-" + N.incrementAndGet() + "\", \"permissions\": [\"self\"]}",
            201,
            0,
            null));
    SAMPLES.put(
        "PATCH /api/v1/roles/{name}",
        new Sample(
            "PATCH",
            u -> "/api/v1/roles/matrix-role",
            u -> "{\"description\": \"by " + u + "\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/roles/{name}",
        new Sample("DELETE", u -> "/api/v1/roles/" + freshRole(), u -> null, 204, 404, null));
    SAMPLES.put(
        "POST /api/v1/api-keys",
        new Sample("POST", u -> "/api/v1/api-keys", u -> "{\"name\": \"k\"}", 201, 0, null));
    SAMPLES.put("GET /api/v1/api-keys", get("/api/v1/api-keys", 200, 200, "\"starter\""));
    SAMPLES.put(
        "POST /api/v1/api-keys/{id}/revoke",
        new Sample(
            "POST",
            u -> "/api/v1/api-keys/" + ownKeyId(u.equals("gus") ? "starter" : u) + "/revoke",
            u -> "{}",
            200,
            404,
            null));
    SAMPLES.put("GET /api/v1/tenants", get("/api/v1/tenants", 200, 0, null));
    SAMPLES.put("GET /api/v1/nodes", get("/api/v1/nodes", 200, 0, null));
    for (String codec : List.of("decode", "encode")) {
      SAMPLES.put(
          "POST /api/v1/temporal/codec/" + codec,
          new Sample(
              "POST",
              u -> "/api/v1/temporal/codec/" + codec,
              u -> "{\"payloads\": []}",
              200,
              0,
              null));
    }
    SAMPLES.put(
        "POST /api/v1/events",
        new Sample(
            "POST",
            u -> "/api/v1/events?source=vigil",
            u ->
                "[{\"time\": \""
                    + java.time.Instant.now()
                    + "\", \"category\": \"ops\", \"type\": \"log\"}]",
            202,
            0,
            null));
    SAMPLES.put("GET /api/v1/events", get("/api/v1/events", 200, 200, "matrix-event"));
    SAMPLES.put("GET /api/v1/sources", get("/api/v1/sources", 200, 200, "matrix-host"));
    SAMPLES.put("GET /api/v1/schema/detection", get("/api/v1/schema/detection", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/detections/validate",
        new Sample(
            "POST", u -> "/api/v1/detections/validate", u -> "{\"key\": \"x\"}", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/detections",
        new Sample(
            "POST",
            u -> "/api/v1/detections",
            u ->
                "{\"key\": \"r-"
                    + N.incrementAndGet()
                    + "\", \"title\": \"R\", \"kind\": \"match\", \"severity\": \"low\"}",
            201,
            0,
            null));
    SAMPLES.put(
        "POST /api/v1/detections/sigma",
        new Sample(
            "POST",
            u -> "/api/v1/detections/sigma?dryRun=true",
            u ->
                "title: T\nlogsource: {product: windows, service: security}\n"
                    + "detection: {sel: {EventID: 4625}, condition: sel}\n",
            200,
            0,
            null,
            "application/yaml"));
    SAMPLES.put("GET /api/v1/detections", get("/api/v1/detections", 200, 200, "matrix-rule"));
    SAMPLES.put(
        "GET /api/v1/detections/{key}", get("/api/v1/detections/matrix-rule", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/detections/{key}/enabled",
        new Sample(
            "POST",
            u -> "/api/v1/detections/matrix-rule/enabled",
            u -> "{\"enabled\": true}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/detections/{key}/test",
        new Sample("POST", u -> "/api/v1/detections/matrix-rule/test", u -> "{}", 200, 404, null));
    SAMPLES.put("GET /api/v1/alerts", get("/api/v1/alerts", 200, 200, "matrix-rule"));
    SAMPLES.put(
        "GET /api/v1/alerts/{id}",
        new Sample("GET", u -> "/api/v1/alerts/" + alert, u -> null, 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/alerts/{id}/status",
        new Sample(
            "POST",
            u -> "/api/v1/alerts/" + alert + "/status",
            u -> "{\"status\": \"acknowledged\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/alerts/{id}/feedback",
        new Sample(
            "POST",
            u -> "/api/v1/alerts/" + alert + "/feedback",
            u -> "{\"verdict\": \"benign\"}",
            200,
            404,
            null));
    // incidents: changes that would conflict a second time act on a fresh incident per call
    SAMPLES.put("GET /api/v1/incidents", get("/api/v1/incidents", 200, 200, "matrix incident"));
    SAMPLES.put(
        "POST /api/v1/incidents",
        new Sample(
            "POST",
            u -> "/api/v1/incidents",
            u -> "{\"title\": \"by " + u + "\", \"severity\": \"low\"}",
            201,
            0,
            null));
    SAMPLES.put("GET /api/v1/incidents/metrics", get("/api/v1/incidents/metrics", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/incidents/bulk",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/bulk",
            u ->
                "{\"ids\": [\""
                    + incident
                    + "\"], \"action\": \"assign\", \"assignee\": \"group:soc\"}",
            200,
            0,
            null));
    SAMPLES.put(
        "GET /api/v1/incidents/{id}",
        new Sample("GET", u -> "/api/v1/incidents/" + incident, u -> null, 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/acknowledge",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + freshIncident() + "/acknowledge",
            u -> "{}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/assign",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/assign",
            u -> "{\"assignee\": \"group:soc\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/status",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + freshIncident() + "/status",
            u -> "{\"status\": \"in_progress\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/severity",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/severity",
            u -> "{\"severity\": \"medium\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/comments",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/comments",
            u -> "{\"body\": \"note by " + u + "\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/tags",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/tags",
            u -> "{\"add\": [\"matrix\"]}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/observables",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/observables",
            u -> "{\"kind\": \"ip\", \"value\": \"198.51.100.7\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/alerts",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/alerts",
            u -> "{\"alertId\": \"" + alert + "\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/incidents/{id}/alerts/{alertId}",
        new Sample(
            "DELETE",
            u -> "/api/v1/incidents/" + incident + "/alerts/" + java.util.UUID.randomUUID(),
            u -> null,
            404,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/merge",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + freshIncident() + "/merge",
            u -> "{\"into\": \"" + incident + "\"}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/sla",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + freshIncident() + "/sla",
            u -> "{\"paused\": true}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/tasks/{taskId}",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/tasks/none",
            u -> "{\"status\": \"done\"}",
            404,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/incidents/{id}/tasks/{taskId}/run",
        new Sample(
            "POST",
            u -> "/api/v1/incidents/" + incident + "/tasks/none/run",
            u -> "{}",
            404,
            404,
            null));
    SAMPLES.put(
        "GET /api/v1/incidents/stream",
        get("/api/v1/incidents/stream?probe", 200, 200, "matrix incident"));
    SAMPLES.put("GET /api/v1/incident-policies", get("/api/v1/incident-policies", 200, 0, null));
    SAMPLES.put(
        "GET /api/v1/incident-policies/{kind}", get("/api/v1/incident-policies/sla", 200, 0, null));
    SAMPLES.put(
        "GET /api/v1/incident-policies/{kind}/versions",
        get("/api/v1/incident-policies/sla/versions", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/incident-policies/{kind}/validate",
        new Sample(
            "POST",
            u -> "/api/v1/incident-policies/correlation/validate",
            u -> "{\"fields\": [\"entity\"], \"window\": \"12h\"}",
            200,
            0,
            null));
    SAMPLES.put(
        "PUT /api/v1/incident-policies/{kind}",
        new Sample(
            "PUT",
            u -> "/api/v1/incident-policies/correlation",
            u -> "{\"fields\": [\"entity\"], \"window\": \"24h\"}",
            201,
            0,
            null));
    SAMPLES.put(
        "POST /api/v1/incident-policies/{kind}/versions/{version}/restore",
        new Sample(
            "POST",
            u -> "/api/v1/incident-policies/correlation/versions/0/restore",
            u -> null,
            201,
            0,
            null));
    SAMPLES.put(
        "GET /api/v1/integrations/providers",
        get("/api/v1/integrations/providers", 200, 200, null));
    SAMPLES.put("GET /api/v1/integrations", get("/api/v1/integrations", 200, 200, "matrix-wazuh"));
    SAMPLES.put(
        "GET /api/v1/integrations/{name}",
        get("/api/v1/integrations/matrix-wazuh", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/integrations/{name}/versions",
        get("/api/v1/integrations/matrix-wazuh/versions", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/integrations",
        new Sample(
            "POST",
            u -> "/api/v1/integrations",
            u -> wazuh("m-" + N.incrementAndGet()),
            201,
            0,
            null));
    SAMPLES.put(
        "PATCH /api/v1/integrations/{name}",
        new Sample(
            "PATCH",
            u -> "/api/v1/integrations/matrix-wazuh",
            u -> "{\"config\": {\"managerUrl\": \"https://wazuh.example.com:55000\"}}",
            200,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/integrations/{name}",
        new Sample(
            "DELETE", u -> "/api/v1/integrations/" + freshConnection(), u -> null, 204, 404, null));
    SAMPLES.put(
        "POST /api/v1/integrations/{name}/test",
        new Sample(
            "POST",
            u -> "/api/v1/integrations/matrix-local/test",
            u -> "{}",
            200,
            404,
            dev.vigil.activities.wazuh.WazuhManagerStub.PASSWORD));
    SAMPLES.put(
        "POST /api/v1/integrations/{name}/versions/{version}/restore",
        new Sample(
            "POST",
            u -> "/api/v1/integrations/matrix-wazuh/versions/1/restore",
            u -> null,
            200,
            404,
            null));
    SAMPLES.put("GET /api/v1/wazuh", get("/api/v1/wazuh", 200, 200, "matrix-local"));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents",
        get("/api/v1/wazuh/matrix-local/agents", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents/{id}",
        get("/api/v1/wazuh/matrix-local/agents/001", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents/{id}/sca",
        get("/api/v1/wazuh/matrix-local/agents/001/sca", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents/{id}/sca/{policy}/checks",
        get("/api/v1/wazuh/matrix-local/agents/001/sca/cis_debian/checks", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents/{id}/alerts",
        get("/api/v1/wazuh/matrix-local/agents/001/alerts", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/agents/{id}/fim",
        get("/api/v1/wazuh/matrix-local/agents/001/fim", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/wazuh/{connection}/status",
        get("/api/v1/wazuh/matrix-local/status", 200, 404, null));
    for (String s : java.util.List.of("", "/pause", "/resume")) {
      SAMPLES.put(
          "POST /api/v1/wazuh/{connection}/sync" + s,
          new Sample(
              "POST", u -> "/api/v1/wazuh/matrix-local/sync" + s, u -> "{}", 200, 404, null));
    }
    SAMPLES.put(
        "GET /api/v1/notification-routes",
        get("/api/v1/notification-routes", 200, 200, "matrix-route"));
    SAMPLES.put(
        "GET /api/v1/notification-routes/{name}",
        get("/api/v1/notification-routes/matrix-route", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/notification-deliveries",
        get("/api/v1/notification-deliveries", 200, 200, null));
    SAMPLES.put(
        "POST /api/v1/notification-routes",
        new Sample(
            "POST",
            u -> "/api/v1/notification-routes",
            u ->
                "{\"name\": \"r-"
                    + N.incrementAndGet()
                    + "\", \"events\": [\"incident.opened\"], \"channel\": {\"connection\":"
                    + " \"matrix-hook\"}}",
            201,
            422,
            null));
    SAMPLES.put(
        "PATCH /api/v1/notification-routes/{name}",
        new Sample(
            "PATCH",
            u -> "/api/v1/notification-routes/matrix-route",
            u -> "{\"enabled\": true}",
            200,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/notification-routes/{name}",
        new Sample(
            "DELETE",
            u -> "/api/v1/notification-routes/" + freshRoute(),
            u -> null,
            204,
            404,
            null));
    SAMPLES.put("GET /api/v1/scans", get("/api/v1/scans", 200, 200, "127.0.0.1"));
    SAMPLES.put("GET /api/v1/scans/stream", get("/api/v1/scans/stream?probe", 200, 200, null));
    SAMPLES.put(
        "GET /api/v1/scans/{id}",
        new Sample("GET", u -> "/api/v1/scans/" + scanId, u -> null, 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/scans/{id}/export",
        new Sample(
            "GET",
            u -> "/api/v1/scans/" + scanId + "/export?format=csv",
            u -> null,
            200,
            404,
            null));
    // the matrix's scan has ended: cancelling it is a conflict for those who may
    SAMPLES.put(
        "POST /api/v1/scans/{id}/cancel",
        new Sample("POST", u -> "/api/v1/scans/" + scanId + "/cancel", u -> "{}", 409, 404, null));
    SAMPLES.put(
        "GET /api/v1/scan-schedules", get("/api/v1/scan-schedules", 200, 200, "matrix-schedule"));
    SAMPLES.put(
        "GET /api/v1/scan-schedules/{name}",
        get("/api/v1/scan-schedules/matrix-schedule", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/scan-schedules",
        new Sample(
            "POST",
            u -> "/api/v1/scan-schedules",
            u -> schedule("s-" + N.incrementAndGet()),
            201,
            422,
            null));
    SAMPLES.put(
        "PATCH /api/v1/scan-schedules/{name}",
        new Sample(
            "PATCH",
            u -> "/api/v1/scan-schedules/matrix-schedule",
            u -> "{\"paused\": false}",
            200,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/scan-schedules/{name}",
        new Sample(
            "DELETE", u -> "/api/v1/scan-schedules/" + freshSchedule(), u -> null, 204, 404, null));
    // discovery of 127.0.0.1, in the tenant's scope; another tenant has no scope (422)
    SAMPLES.put(
        "POST /api/v1/scans",
        new Sample(
            "POST",
            u -> "/api/v1/scans",
            u -> "{\"target\": \"127.0.0.1\", \"profile\": \"discovery\"}",
            201,
            422,
            null));
    SAMPLES.put(
        "POST /api/v1/files",
        new Sample(
            "POST",
            u -> "/api/v1/files",
            u ->
                "--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\nmatrix upload by "
                    + u
                    + "\r\n--matrix--\r\n",
            201,
            0,
            null,
            "multipart/form-data; boundary=matrix"));
    SAMPLES.put("GET /api/v1/files", get("/api/v1/files", 200, 200, "matrix-file.txt"));
    SAMPLES.put("GET /api/v1/files/usage", get("/api/v1/files/usage", 200, 200, null));
    SAMPLES.put(
        "GET /api/v1/files/{id}",
        new Sample("GET", u -> "/api/v1/files/" + fileId, u -> null, 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/files/{id}/link",
        new Sample("POST", u -> "/api/v1/files/" + fileId + "/link", u -> "{}", 200, 404, null));
    SAMPLES.put(
        "GET /api/v1/files/{id}/download",
        new Sample("GET", u -> "/api/v1/files/" + fileId + "/download", u -> null, 200, 404, null));
    SAMPLES.put(
        "DELETE /api/v1/files/{id}",
        new Sample("DELETE", u -> "/api/v1/files/" + freshFile(), u -> null, 204, 404, null));
    // a scan report: every role that may create reports may read scans; globex has no such scan
    SAMPLES.put(
        "POST /api/v1/reports",
        new Sample("POST", u -> "/api/v1/reports", u -> scanReport(), 202, 422, null));
    SAMPLES.put("GET /api/v1/reports", get("/api/v1/reports", 200, 200, "scanId"));
    // an executive summary e-mailed through tenant default's smtp connection, which another
    // tenant does not have (422)
    SAMPLES.put(
        "GET /api/v1/report-schedules",
        get("/api/v1/report-schedules", 200, 200, "matrix-report-schedule"));
    SAMPLES.put(
        "GET /api/v1/report-schedules/{name}",
        get("/api/v1/report-schedules/matrix-report-schedule", 200, 404, null));
    SAMPLES.put(
        "POST /api/v1/report-schedules",
        new Sample(
            "POST",
            u -> "/api/v1/report-schedules",
            u -> reportSchedule("rs-" + N.incrementAndGet()),
            201,
            422,
            null));
    SAMPLES.put(
        "PATCH /api/v1/report-schedules/{name}",
        new Sample(
            "PATCH",
            u -> "/api/v1/report-schedules/matrix-report-schedule",
            u -> "{\"paused\": true}",
            200,
            404,
            null));
    SAMPLES.put(
        "POST /api/v1/report-schedules/{name}/run",
        new Sample(
            "POST",
            u -> "/api/v1/report-schedules/matrix-report-schedule/run",
            u -> "{}",
            202,
            404,
            null));
    SAMPLES.put(
        "DELETE /api/v1/report-schedules/{name}",
        new Sample(
            "DELETE",
            u -> "/api/v1/report-schedules/" + freshReportSchedule(),
            u -> null,
            204,
            404,
            null));
    SAMPLES.put(
        "GET /api/v1/reports/{id}",
        new Sample("GET", u -> "/api/v1/reports/" + reportId, u -> null, 200, 404, null));
    // a signed link is its own authorisation: a forged one is refused whoever sends it
    SAMPLES.put(
        "GET /api/v1/files/links/{token}",
        get("/api/v1/files/links/Zm9yZ2Vk.Zm9yZ2Vk", 403, 0, null));
    // signed by Slack, not signed in: the same answer for every caller (no such connection)
    SAMPLES.put(
        "POST /api/v1/slack/interactions/{publicId}",
        new Sample(
            "POST",
            u -> "/api/v1/slack/interactions/no-such-id",
            u -> "payload=%7B%7D",
            404,
            0,
            null,
            "application/x-www-form-urlencoded"));
    SAMPLES.put("GET /api/v1/settings", get("/api/v1/settings", 200, 200, null));
    SAMPLES.put("GET /api/v1/entitlements", get("/api/v1/entitlements", 200, 200, null));
    // billing is off in this installation: every billing endpoint answers 404 to those allowed
    SAMPLES.put(
        "POST /api/v1/billing/checkout-session",
        new Sample(
            "POST",
            u -> "/api/v1/billing/checkout-session",
            u -> "{\"plan\": \"pro\"}",
            404,
            0,
            null));
    SAMPLES.put(
        "POST /api/v1/billing/portal-session",
        new Sample("POST", u -> "/api/v1/billing/portal-session", u -> "{}", 404, 0, null));
    SAMPLES.put("GET /api/v1/billing/invoices", get("/api/v1/billing/invoices", 404, 0, null));
    SAMPLES.put(
        "POST /api/v1/billing/webhook",
        new Sample("POST", u -> "/api/v1/billing/webhook", u -> "{}", 404, 0, null));
    SAMPLES.put(
        "PATCH /api/v1/settings",
        new Sample("PATCH", u -> "/api/v1/settings", u -> "{\"timezone\": \"UTC\"}", 200, 0, null));
    SAMPLES.put(
        "POST /api/v1/tenants",
        new Sample(
            "POST",
            u -> "/api/v1/tenants",
            u -> "{\"id\": \"t-" + N.incrementAndGet() + "\", \"name\": \"T\"}",
            201,
            0,
            null));
  }

  /** A Wazuh connection's creation body. */
  static String wazuh(String name) {
    return "{\"name\": \""
        + name
        + "\", \"provider\": \"wazuh\", \"config\": {\"managerUrl\":"
        + " \"https://wazuh.example.com:55000\"}, \"secrets\": {\"username\": \"wazuh-wui\","
        + " \"password\": \"matrix-secret\"}}";
  }

  /** A new connection of tenant default, for a caller to delete. */
  static String freshConnection() {
    String name = "del-" + N.incrementAndGet();
    Api.Res r = api.post("/api/v1/integrations", "admin", wazuh(name));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return name;
  }

  /** A new scan schedule of tenant default, for a caller to delete. */
  static String scanReport() {
    return "{\"type\": \"scan\", \"format\": \"json\", \"params\": {\"scanId\": \""
        + scanId
        + "\"}}";
  }

  static String freshFile() {
    Api.Res r =
        api.upload(
            "admin", "fresh-" + N.incrementAndGet() + ".txt", ("fresh " + N.get()).getBytes());
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/fileId").asText();
  }

  static String freshSchedule() {
    String name = "sched-" + N.incrementAndGet();
    Api.Res r = api.post("/api/v1/scan-schedules", "admin", schedule(name));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return name;
  }

  static String freshReportSchedule() {
    String name = "rsched-" + N.incrementAndGet();
    Api.Res r = api.post("/api/v1/report-schedules", "admin", reportSchedule(name));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return name;
  }

  static String reportSchedule(String name) {
    return "{\"name\": \""
        + name
        + "\", \"type\": \"executive_summary\", \"connection\": \"matrix-mail\", \"to\":"
        + " [\"soc@acme.example\"], \"cron\": \"0 0 8 * * MON\"}";
  }

  static String schedule(String name) {
    return "{\"name\": \""
        + name
        + "\", \"target\": \"127.0.0.1\", \"profile\": \"discovery\", \"every\": \"1d\"}";
  }

  /** A new notification route of tenant default, for a caller to delete. */
  static String freshRoute() {
    String name = "del-" + N.incrementAndGet();
    Api.Res r =
        api.post(
            "/api/v1/notification-routes",
            "admin",
            "{\"name\": \""
                + name
                + "\", \"events\": [\"incident.opened\"], \"channel\": {\"connection\":"
                + " \"matrix-hook\"}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return name;
  }

  /** A new custom role of tenant default that nobody holds, for a caller to delete. */
  static String freshRole() {
    String name = "del-" + N.incrementAndGet();
    Api.Res r =
        api.post(
            "/api/v1/roles", "admin", "{\"name\": \"" + name + "\", \"permissions\": [\"self\"]}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return name;
  }

  /** A new manual incident of tenant default, for changes that can happen once per incident. */
  static String freshIncident() {
    Api.Res r =
        api.post("/api/v1/incidents", "admin", "{\"title\": \"fresh\", \"severity\": \"low\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/id").asText();
  }

  /**
   * A fresh API key of {@code user} in tenant default: callers revoke their own (every member may);
   * the globex owner tries one of tenant default's.
   */
  static String ownKeyId(String user) {
    Api.Session s = login(user);
    return s.post("/api/v1/api-keys", "{\"name\": \"to-revoke\"}").at("/apiKey/id").asText();
  }

  @Test
  void everyEndpointAnswersEveryRoleAsTheMatrixSays() {
    RequestMappingHandlerMapping mapping =
        vigil.context().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Map<String, HandlerMethod> endpoints = new LinkedHashMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
      for (String pattern : e.getKey().getPatternValues()) {
        if (pattern.startsWith("/api/")) {
          for (var m : e.getKey().getMethodsCondition().getMethods()) {
            endpoints.put(m.name() + " " + pattern, e.getValue());
          }
        }
      }
    }
    assertThat(new TreeSet<>(SAMPLES.keySet()))
        .as("every API endpoint needs a row in this matrix test (and in docs/security.md)")
        .isEqualTo(new TreeSet<>(endpoints.keySet()));

    List<String> wrong = new ArrayList<>();
    Map<String, Api.Session> sessions = new LinkedHashMap<>();
    for (String u : CALLERS.keySet()) {
      sessions.put(u, api.login(u, Api.PASSWORD, "default"));
    }
    sessions.put("admin", api.login("admin", Api.ADMIN_PASSWORD, "default"));
    Api.Session gus = api.login("gus", Api.PASSWORD, "globex");
    for (var e : endpoints.entrySet()) {
      Sample s = SAMPLES.get(e.getKey());
      HandlerMethod hm = e.getValue();
      Requires requires = hm.getMethodAnnotation(Requires.class);
      boolean pub = hm.hasMethodAnnotation(Public.class);
      for (var c : sessions.entrySet()) {
        String user = c.getKey();
        boolean platform = user.equals("admin");
        java.util.Set<Permission> granted = platform ? Role.OWNER.permissions() : CALLERS.get(user);
        boolean allowed =
            pub
                || granted.contains(requires.value())
                || (platform && requires.value() == Permission.TENANT_MANAGE);
        Api.Session session = fresh(e.getKey()) ? login(user) : c.getValue();
        Api.Res r = call(session, s, user);
        int expected = allowed ? s.allowed() : 403;
        if (r.status() != expected) {
          wrong.add(
              e.getKey()
                  + " as "
                  + user
                  + ": "
                  + r.status()
                  + " (expected "
                  + expected
                  + ") "
                  + r.text());
        }
      }
      Api.Session other = fresh(e.getKey()) ? api.login("gus", Api.PASSWORD, "globex") : gus;
      Api.Res r = call(other, s, "gus");
      boolean allowed = pub || Role.OWNER.permissions().contains(requires.value());
      int expected = !allowed ? 403 : s.otherTenant() == 0 ? s.allowed() : s.otherTenant();
      if (r.status() != expected) {
        wrong.add(
            e.getKey()
                + " as globex owner: "
                + r.status()
                + " (expected "
                + expected
                + ") "
                + r.text());
      }
      if (s.mustNotShow() != null && r.text().contains(s.mustNotShow())) {
        wrong.add(e.getKey() + " shows tenant default's data to globex: " + r.text());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void docsNameThePermissionOfEveryEndpoint() throws java.io.IOException {
    String doc =
        java.nio.file.Files.readString(
            Path.of("..").toAbsolutePath().normalize().resolve("docs/security.md"));
    Map<String, String> documented = new LinkedHashMap<>();
    java.util.regex.Matcher line =
        java.util.regex.Pattern.compile(
                "^\\| (`(?:GET|POST|PUT|PATCH|DELETE) [^|]+) \\| ([^|]+) \\|$",
                java.util.regex.Pattern.MULTILINE)
            .matcher(doc);
    while (line.find()) {
      java.util.regex.Matcher ep =
          java.util.regex.Pattern.compile("`((?:GET|POST|PUT|PATCH|DELETE) [^`]+)`")
              .matcher(line.group(1));
      java.util.regex.Matcher perm =
          java.util.regex.Pattern.compile("`([a-z.]+)`").matcher(line.group(2));
      String permission = perm.find() ? perm.group(1) : "none";
      while (ep.find()) {
        documented.put(ep.group(1), permission);
      }
    }
    RequestMappingHandlerMapping mapping =
        vigil.context().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
    Map<String, String> actual = new LinkedHashMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
      Requires r = e.getValue().getMethodAnnotation(Requires.class);
      for (String pattern : e.getKey().getPatternValues()) {
        if (pattern.startsWith("/api/")) {
          for (var m : e.getKey().getMethodsCondition().getMethods()) {
            actual.put(m.name() + " " + pattern, r == null ? "none" : r.value().key());
          }
        }
      }
    }
    assertThat(new java.util.TreeMap<>(documented)).isEqualTo(new java.util.TreeMap<>(actual));
  }

  /** Sign-out ends the session it is called with, so it gets its own. */
  static boolean fresh(String endpoint) {
    return endpoint.equals("POST /api/v1/auth/logout");
  }

  static Api.Session login(String user) {
    return user.equals("admin")
        ? api.login("admin", Api.ADMIN_PASSWORD, "default")
        : api.login(user, Api.PASSWORD, "default");
  }

  static Api.Res call(Api.Session s, Sample sample, String user) {
    String path = sample.path().apply(user);
    return s.send(sample.method(), path, sample.type(), sample.body().apply(user));
  }
}
