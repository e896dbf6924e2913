package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Custom roles: composed from the permissions, held by members and API keys, never handed out
 * beyond the giver's own permissions, refused when unknown or still held, audited.
 */
class CustomRolesIT {

  static Standalone vigil;
  static Api api;
  static Api.Session admin;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    admin = api.login("admin", Api.ADMIN_PASSWORD, "default");
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static Api.Res role(Api.Session s, String name, String... permissions) {
    return s.post(
        "/api/v1/roles",
        "{\"name\": \""
            + name
            + "\", \"permissions\": ["
            + String.join(
                ", ", java.util.Arrays.stream(permissions).map(p -> "\"" + p + "\"").toList())
            + "]}");
  }

  static List<String> permissionsOf(Api.Res me) {
    java.util.List<String> out = new java.util.ArrayList<>();
    me.at("/permissions").forEach(p -> out.add(p.asText()));
    return out;
  }

  @Test
  void aMemberHoldingACustomRoleCanDoExactlyWhatItGrantsAndAChangeAppliesAtOnce() {
    Api.Res created =
        role(admin, "triager", "alert.read", "alert.triage", "event.read", "self", "apikey.own");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.at("/builtIn").asBoolean()).isFalse();
    assertThat(created.at("/version").asInt()).isEqualTo(1);
    api.member("default", "tess", "triager");
    Api.Session tess = api.login("tess", Api.PASSWORD, "default");
    Api.Res me = tess.get("/api/v1/me");
    assertThat(me.at("/role").asText()).isEqualTo("triager");
    assertThat(permissionsOf(me))
        .containsExactlyInAnyOrder(
            "alert.read", "alert.triage", "event.read", "self", "apikey.own");
    assertThat(tess.get("/api/v1/alerts").status()).isEqualTo(200);
    assertThat(tess.get("/api/v1/incidents").status()).isEqualTo(403);

    // an API key of tess holds the role too, and no more than it
    Api.Res key = tess.post("/api/v1/api-keys", "{\"name\": \"triage-bot\"}");
    assertThat(key.status()).as(key.text()).isEqualTo(201);
    assertThat(key.at("/apiKey/role").asText()).isEqualTo("triager");
    Api.Res beyond = tess.post("/api/v1/api-keys", "{\"name\": \"x\", \"role\": \"analyst\"}");
    assertThat(beyond.status()).isEqualTo(422);
    assertThat(beyond.at("/errors/0/pointer").asText()).isEqualTo("/role");
    assertThat(beyond.text()).contains("incident.read");
    String secret = key.at("/key").asText();
    assertThat(api.withKey("GET", "/api/v1/incidents", secret, null).status()).isEqualTo(403);

    // the role gains incident.read: tess's session and key may read incidents on their next call
    int version = admin.get("/api/v1/roles/triager").at("/version").asInt();
    Api.Res patched =
        admin.send(
            "PATCH",
            "/api/v1/roles/triager",
            "{\"permissions\": [\"alert.read\", \"alert.triage\", \"event.read\", \"incident.read\","
                + " \"self\", \"apikey.own\"], \"version\": "
                + version
                + "}");
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    assertThat(patched.at("/version").asInt()).isEqualTo(version + 1);
    assertThat(tess.get("/api/v1/incidents").status()).isEqualTo(200);
    assertThat(api.withKey("GET", "/api/v1/incidents", secret, null).status()).isEqualTo(200);
    Api.Res stale =
        admin.send(
            "PATCH",
            "/api/v1/roles/triager",
            "{\"description\": \"x\", \"version\": " + version + "}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.at("/type").asText()).endsWith("stale");

    // still held: cannot be deleted; once nobody holds it, it can — and then is gone for its
    // holders
    Api.Res held = admin.send("DELETE", "/api/v1/roles/triager", null);
    assertThat(held.status()).isEqualTo(409);
    assertThat(held.text()).contains("1 member(s) and 1 API key(s)");
    Api.Res holders = admin.get("/api/v1/roles/triager");
    assertThat(holders.at("/holders/members").asLong()).isEqualTo(1);
    assertThat(holders.at("/holders/apiKeys").asLong()).isEqualTo(1);
    assertThat(admin.send("PATCH", "/api/v1/users/tess", "{\"role\": \"viewer\"}").status())
        .isEqualTo(200);
    assertThat(
            admin
                .post("/api/v1/api-keys/" + key.at("/apiKey/id").asText() + "/revoke", "{}")
                .status())
        .isEqualTo(200);
    assertThat(admin.send("DELETE", "/api/v1/roles/triager", null).status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/roles/triager").status()).isEqualTo(404);

    List<AuditEntry> audit =
        new AuditLog(vigil.context().getBean(DataSource.class)).list("default", 500, null).items();
    assertThat(
            audit.stream().filter(e -> e.target().equals("role/triager")).map(AuditEntry::action))
        .containsExactlyInAnyOrder("role.create", "role.update", "role.delete");
    AuditEntry update =
        audit.stream().filter(e -> e.action().equals("role.update")).findFirst().orElseThrow();
    assertThat(update.details().get("added")).isEqualTo(List.of("incident.read"));
    assertThat(update.details().get("removed")).isEqualTo(List.of());
  }

  @Test
  void nobodyHandsOutMoreThanTheyHold() {
    // a team lead who manages members and roles, and reads alerts — nothing else
    assertThat(
            role(admin, "lead", "user.read", "user.manage", "role.manage", "alert.read", "self")
                .status())
        .isEqualTo(201);
    api.member("default", "leo", "lead");
    api.member("default", "val", "viewer");
    Api.Session leo = api.login("leo", Api.PASSWORD, "default");

    Api.Res tooMuch = role(leo, "closer", "alert.read", "alert.triage");
    assertThat(tooMuch.status()).isEqualTo(403);
    assertThat(tooMuch.text()).contains("alert.triage").doesNotContain("alert.read,");
    assertThat(role(leo, "reader", "alert.read", "self").status()).isEqualTo(201);
    Api.Res rita =
        leo.post(
            "/api/v1/users",
            "{\"username\": \"rita\", \"role\": \"reader\", \"password\": \""
                + Api.PASSWORD
                + "\"}");
    assertThat(rita.status()).as(rita.text()).isEqualTo(201);
    assertThat(leo.send("PATCH", "/api/v1/users/rita", "{\"disabled\": true}").status())
        .isEqualTo(200);
    // giving a built-in role grants its permissions: analyst has more than leo
    Api.Res analyst = leo.send("PATCH", "/api/v1/users/rita", "{\"role\": \"analyst\"}");
    assertThat(analyst.status()).isEqualTo(403);
    assertThat(analyst.text()).contains("approval.decide");
    // and changing a member whose role grants more than leo holds is refused too
    assertThat(leo.send("PATCH", "/api/v1/users/val", "{\"disabled\": true}").status())
        .isEqualTo(403);
    // leo cannot widen a role he holds part of, nor edit one beyond him
    Api.Res widen =
        leo.send(
            "PATCH",
            "/api/v1/roles/reader",
            "{\"permissions\": [\"alert.read\", \"self\", \"run.start\"]}");
    assertThat(widen.status()).isEqualTo(403);
    assertThat(widen.text()).contains("run.start");
    assertThat(role(admin, "responder", "run.start", "run.read", "self").status()).isEqualTo(201);
    assertThat(leo.send("PATCH", "/api/v1/roles/responder", "{\"description\": \"mine\"}").status())
        .isEqualTo(403);
    assertThat(leo.send("DELETE", "/api/v1/roles/responder", null).status()).isEqualTo(403);
  }

  @Test
  void badRolesAreRefusedWithThePointerAndBuiltInRolesStayAsTheyAre() {
    Api.Res unknown = role(admin, "bad-perm", "alert.read", "alert.delete");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.at("/errors/0/pointer").asText()).isEqualTo("/permissions/1");
    assertThat(unknown.text()).contains("alert.delete");
    Api.Res platform = role(admin, "tenant-maker", "tenant.manage");
    assertThat(platform.status()).isEqualTo(422);
    assertThat(platform.at("/errors/0/pointer").asText()).isEqualTo("/permissions/0");
    Api.Res empty = role(admin, "nothing");
    assertThat(empty.at("/errors/0/pointer").asText()).isEqualTo("/permissions");
    Api.Res taken = role(admin, "analyst", "self");
    assertThat(taken.status()).isEqualTo(422);
    assertThat(taken.at("/errors/0/pointer").asText()).isEqualTo("/name");
    Api.Res badName = role(admin, "Tier 1", "self");
    assertThat(badName.at("/errors/0/pointer").asText()).isEqualTo("/name");
    assertThat(role(admin, "auditor-lite", "audit.read", "self").status()).isEqualTo(201);
    assertThat(role(admin, "auditor-lite", "self").status()).isEqualTo(409);

    assertThat(admin.send("PATCH", "/api/v1/roles/analyst", "{\"description\": \"x\"}").status())
        .isEqualTo(409);
    assertThat(admin.send("DELETE", "/api/v1/roles/owner", null).status()).isEqualTo(409);
    Api.Res list = admin.get("/api/v1/roles");
    assertThat(list.at("/items/0/name").asText()).isEqualTo("owner");
    assertThat(list.at("/items/0/builtIn").asBoolean()).isTrue();
    assertThat(list.text()).contains("\"auditor-lite\"");

    // a role of another tenant is not one of this tenant's
    api.member("globex", "gwen", "owner");
    Api.Session gwen = api.login("gwen", Api.PASSWORD, "globex");
    Api.Res foreign =
        gwen.post(
            "/api/v1/users",
            "{\"username\": \"gil\", \"role\": \"auditor-lite\", \"password\": \""
                + Api.PASSWORD
                + "\"}");
    assertThat(foreign.status()).isEqualTo(422);
    assertThat(foreign.at("/errors/0/pointer").asText()).isEqualTo("/role");
    assertThat(gwen.get("/api/v1/roles").text()).doesNotContain("auditor-lite");
    assertThat(gwen.get("/api/v1/roles/auditor-lite").status()).isEqualTo(404);
  }

  @Test
  void theDatabaseRefusesARoleItsTenantDoesNotHave() {
    assertThat(role(admin, "db-check", "self").status()).isEqualTo(201);
    api.member("default", "dora", "db-check");
    JdbcClient jdbc = JdbcClient.create(vigil.context().getBean(DataSource.class));
    assertThatThrownBy(
            () ->
                jdbc.sql("update memberships set role = 'no-such-role' where username = 'dora'")
                    .update())
        .hasMessageContaining("has no role no-such-role");
    assertThatThrownBy(() -> jdbc.sql("delete from tenant_roles where name = 'db-check'").update())
        .hasMessageContaining("is still held");
    assertThat(
            jdbc.sql("select role from memberships where username = 'dora'")
                .query(String.class)
                .single())
        .isEqualTo("db-check");
  }

  @Test
  void anApprovalMayNameACustomRoleThatDecides() {
    assertThat(
            role(admin, "approver", "approval.read", "approval.decide", "run.read", "self")
                .status())
        .isEqualTo(201);
    assertThat(role(admin, "onlooker", "approval.read", "self").status()).isEqualTo(201);
    String pb =
        "{\"key\": \"custom-approver\", \"title\": \"C\", \"steps\": [{\"id\": \"ok\","
            + " \"approval\": {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"%s\"]}}}]}";
    Api.Res onlooker = admin.post("/api/v1/playbooks", pb.formatted("onlooker"));
    assertThat(onlooker.status()).isEqualTo(422);
    assertThat(onlooker.text()).contains("/steps/0/approval/approvers/roles/0");
    Api.Res published = admin.post("/api/v1/playbooks", pb.formatted("approver"));
    assertThat(published.status()).as(published.text()).isEqualTo(201);
    api.member("default", "abe", "approver");
    Api.Res run = admin.post("/api/v1/runs", "{\"playbook\": \"custom-approver\", \"inputs\": {}}");
    String id = run.at("/runId").asText();
    api.await("/api/v1/runs/" + id, "admin", "/status", "waiting_approval");
    Api.Session abe = api.login("abe", Api.PASSWORD, "default");
    Api.Res vote = abe.post("/api/v1/runs/" + id + "/approvals/ok", "{\"decision\": \"approve\"}");
    assertThat(vote.status()).as(vote.text()).isEqualTo(200);
    api.await("/api/v1/runs/" + id, "admin", "/status", "succeeded");
  }
}
