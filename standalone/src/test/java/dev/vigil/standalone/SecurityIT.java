package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in, sessions, CSRF, lockout, API keys, member management and the audit of it all. */
class SecurityIT {

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args(
                "--vigil.security.lockout-failures=3", "--vigil.security.api-keys-per-hour=4"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  HttpResponse<String> login(String user, String password) {
    return api.raw(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + vigil.port() + "/api/v1/auth/login"))
            .header("Content-Type", "application/json")
            .header("User-Agent", "vigil-security-test/1.0")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"username\": \"" + user + "\", \"password\": \"" + password + "\"}")));
  }

  List<AuditEntry> audit(String tenant) {
    return new AuditLog(vigil.context().getBean(DataSource.class)).list(tenant, 200, null).items();
  }

  @Test
  void signInGivesAHardenedSessionCookieAndANewSessionEachTime() {
    api.member("default", "sam", "analyst");
    HttpResponse<String> first = login("sam", Api.PASSWORD);
    assertThat(first.statusCode()).isEqualTo(200);
    String cookie = first.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("VIGIL_SESSION=")
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(cookie).doesNotContain("Secure"); // plain HTTP here; Secure behind TLS
    String second = login("sam", Api.PASSWORD).headers().firstValue("set-cookie").orElseThrow();
    assertThat(second.split(";")[0]).isNotEqualTo(cookie.split(";")[0]);

    Api.Session s = api.login("sam", Api.PASSWORD, null);
    Api.Res me = s.get("/api/v1/me");
    assertThat(me.at("/user").asText()).isEqualTo("sam");
    assertThat(me.at("/tenant").asText()).isEqualTo("default");
    assertThat(me.at("/role").asText()).isEqualTo("analyst");
    assertThat(me.at("/authenticatedBy").asText()).isEqualTo("session");
    assertThat(me.at("/csrfToken").asText()).isEqualTo(s.csrf);
    assertThat(me.text()).contains("approval.decide").doesNotContain("playbook.publish");

    assertThat(s.post("/api/v1/auth/logout", "{}").status()).isEqualTo(204);
    assertThat(s.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void sessionWritesNeedTheCsrfTokenBearerCallsDoNot() {
    api.member("default", "cora", "analyst");
    Api.Session s = api.login("cora", Api.PASSWORD, null);
    Api.Res forged = s.postWithoutCsrf("/api/v1/api-keys", "{\"name\": \"forged\"}");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.at("/type").asText()).endsWith("/csrf");
    assertThat(forged.at("/detail").asText()).contains("X-CSRF-Token");
    assertThat(s.post("/api/v1/api-keys", "{\"name\": \"real\"}").status()).isEqualTo(201);
    assertThat(s.get("/api/v1/runs").status()).as("reads need no token").isEqualTo(200);
    assertThat(api.post("/api/v1/playbooks/validate", "cora", "{\"key\": \"x\"}").status())
        .isEqualTo(200);
  }

  @Test
  void repeatedFailuresLockTheAccountWithRetryAfterAndEveryAttemptIsAudited() {
    api.member("default", "lou", "analyst");
    assertThat(login("lou", "wrong-password-1").statusCode()).isEqualTo(401);
    assertThat(login("lou", "wrong-password-2").statusCode()).isEqualTo(401);
    HttpResponse<String> third = login("lou", "wrong-password-3");
    assertThat(third.statusCode()).isEqualTo(423);
    long retry = Long.parseLong(third.headers().firstValue("retry-after").orElseThrow());
    assertThat(retry).isBetween(800L, 901L);
    HttpResponse<String> right = login("lou", Api.PASSWORD);
    assertThat(right.statusCode()).as("locked even with the right password").isEqualTo(423);
    assertThat(right.body()).contains("locked until");
    assertThat(login("nobody-here", "whatever-it-is").statusCode()).isEqualTo(401);
    assertThat(login("nobody-here", "whatever-it-is").body())
        .isEqualTo(
            login("lou-unknown", "x-y-z-w-v-u").body().replace("lou-unknown", "nobody-here"));

    List<AuditEntry> lou =
        audit("default").stream().filter(e -> e.target().equals("user/lou")).toList();
    assertThat(lou)
        .extracting(e -> e.action() + " " + e.outcome())
        .contains("auth.login failed", "auth.login denied");
    AuditEntry failed =
        lou.stream().filter(e -> e.outcome().equals("failed")).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> request = (Map<String, Object>) failed.details().get("request");
    assertThat(request.get("ip")).isEqualTo("127.0.0.1");
    assertThat(request.get("userAgent")).isEqualTo("vigil-security-test/1.0");
    assertThat(audit("_system"))
        .extracting(e -> e.action() + " " + e.actor() + " " + e.outcome())
        .contains("auth.login nobody-here failed");
  }

  @Test
  void lockoutAnswersUnknownUsernamesExactlyAsKnownOnes() {
    api.member("default", "lea", "analyst");
    List<HttpResponse<String>> known = new java.util.ArrayList<>();
    List<HttpResponse<String>> unknown = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      known.add(login("lea", "wrong-password-" + i));
      unknown.add(login("nobody-lea", "wrong-password-" + i));
    }
    known.add(login("lea", Api.PASSWORD));
    unknown.add(login("nobody-lea", Api.PASSWORD));
    assertThat(unknown).extracting(HttpResponse::statusCode).containsExactly(401, 401, 423, 423);
    assertThat(known).extracting(HttpResponse::statusCode).containsExactly(401, 401, 423, 423);
    for (int i = 0; i < 4; i++) {
      assertThat(unknown.get(i).body().replaceAll("until [^;]+;", "until T;"))
          .as("answer " + i)
          .isEqualTo(known.get(i).body().replaceAll("until [^;]+;", "until T;"));
      assertThat(unknown.get(i).headers().firstValue("retry-after").isPresent())
          .isEqualTo(known.get(i).headers().firstValue("retry-after").isPresent());
    }
    long retry = Long.parseLong(unknown.get(3).headers().firstValue("retry-after").orElseThrow());
    assertThat(retry).isBetween(800L, 901L);
  }

  @Test
  void aTenantOwnerNeitherLearnsOfNorAttachesAnotherTenantsAccount() {
    api.member("elsewhere", "xeno", "analyst");
    api.member("default", "own", "owner");
    Api.Session own = api.login("own", Api.PASSWORD, null);
    Api.Res withPassword =
        own.post(
            "/api/v1/users",
            "{\"username\": \"xeno\", \"role\": \"analyst\", \"password\": \""
                + Api.PASSWORD
                + "\"}");
    Api.Res invite = own.post("/api/v1/users", "{\"username\": \"xeno\", \"role\": \"analyst\"}");
    Api.Res reserved =
        own.post("/api/v1/users", "{\"username\": \"system\", \"role\": \"analyst\"}");
    for (Api.Res r : List.of(withPassword, invite, reserved)) {
      assertThat(r.status()).as(r.text()).isEqualTo(422);
      assertThat(r.at("/errors/0/pointer").asText()).isEqualTo("/username");
    }
    String answer = reserved.text().replace("'system'", "'N'");
    assertThat(withPassword.text().replace("'xeno'", "'N'")).isEqualTo(answer);
    assertThat(invite.text().replace("'xeno'", "'N'")).isEqualTo(answer);
    assertThat(own.get("/api/v1/users").text()).doesNotContain("\"xeno\"");

    Api.Res byPlatformOwner =
        api.adminSession("default")
            .post("/api/v1/users", "{\"username\": \"xeno\", \"role\": \"viewer\"}");
    assertThat(byPlatformOwner.status()).as("a platform owner invites").isEqualTo(201);
  }

  @Test
  void apiKeysAreShownOnceStoredHashedBoundedByRoleAndStopWhenRevokedOrExpired() throws Exception {
    api.member("default", "kai", "analyst");
    Api.Session s = api.login("kai", Api.PASSWORD, null);
    Api.Res tooHigh = s.post("/api/v1/api-keys", "{\"name\": \"x\", \"role\": \"admin\"}");
    assertThat(tooHigh.status()).isEqualTo(422);
    assertThat(tooHigh.at("/errors/0/pointer").asText()).isEqualTo("/role");
    Api.Res past =
        s.post("/api/v1/api-keys", "{\"name\": \"x\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
    assertThat(past.at("/errors/0/pointer").asText()).isEqualTo("/expiresAt");

    Api.Res created = s.post("/api/v1/api-keys", "{\"name\": \"ci\", \"role\": \"viewer\"}");
    assertThat(created.status()).isEqualTo(201);
    String key = created.at("/key").asText();
    String id = created.at("/apiKey/id").asText();
    assertThat(key).matches("vgl_[A-Za-z0-9]{40}");
    assertThat(created.at("/apiKey/prefix").asText()).isEqualTo(key.substring(0, 8));
    Api.Res list = s.get("/api/v1/api-keys");
    assertThat(list.text()).contains(id).doesNotContain(key);
    try (Connection c = vigil.context().getBean(DataSource.class).getConnection();
        ResultSet rs = c.createStatement().executeQuery("select api_keys::text from api_keys")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).doesNotContain(key.substring(8));
      }
    }

    Api.Res asKey = bearer("GET", "/api/v1/me", key, null);
    assertThat(asKey.at("/role").asText()).isEqualTo("viewer");
    assertThat(asKey.at("/authenticatedBy").asText()).isEqualTo("api_key");
    assertThat(
            bearer("POST", "/api/v1/runs", key, "{\"playbook\": \"enrich-ip\", \"inputs\": {}}")
                .status())
        .as("a viewer key cannot start runs even though its user can")
        .isEqualTo(403);
    assertThat(bearer("POST", "/api/v1/api-keys", key, "{\"name\": \"child\"}").status())
        .as("keys cannot mint keys")
        .isEqualTo(403);
    assertThat(s.get("/api/v1/api-keys").at("/items/0/lastUsedAt").isNull()).isFalse();

    // another member's key is invisible to kai, but an admin may revoke it
    api.member("default", "kim", "analyst");
    Api.Res kims =
        api.login("kim", Api.PASSWORD, null).post("/api/v1/api-keys", "{\"name\": \"k\"}");
    String kimId = kims.at("/apiKey/id").asText();
    assertThat(s.post("/api/v1/api-keys/" + kimId + "/revoke", "{}").status()).isEqualTo(404);
    assertThat(
            api.adminSession("default")
                .post("/api/v1/api-keys/" + kimId + "/revoke", "{}")
                .status())
        .isEqualTo(200);
    assertThat(bearer("GET", "/api/v1/me", kims.at("/key").asText(), null).status()).isEqualTo(401);

    assertThat(s.post("/api/v1/api-keys/" + id + "/revoke", "{}").status()).isEqualTo(200);
    assertThat(s.post("/api/v1/api-keys/" + id + "/revoke", "{}").status()).isEqualTo(409);
    Api.Res revoked = bearer("GET", "/api/v1/me", key, null);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.at("/detail").asText()).contains("revoked");

    Api.Res shortLived =
        s.post(
            "/api/v1/api-keys",
            "{\"name\": \"short\", \"expiresAt\": \"" + Instant.now().plusSeconds(2) + "\"}");
    String shortKey = shortLived.at("/key").asText();
    assertThat(bearer("GET", "/api/v1/me", shortKey, null).status()).isEqualTo(200);
    Thread.sleep(2500);
    Api.Res expired = bearer("GET", "/api/v1/me", shortKey, null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.at("/detail").asText()).contains("expired");
    int more = 0;
    Api.Res limited;
    while ((limited = s.post("/api/v1/api-keys", "{\"name\": \"more\"}")).status() == 201) {
      more++;
    }
    assertThat(more).as("4 keys an hour in this test; 2 were created above").isEqualTo(2);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.at("/detail").asText()).contains("try again in");
    assertThat(limited.at("/type").asText()).endsWith("/rate-limited");
    assertThat(bearer("GET", "/api/v1/me", "vgl_not-a-real-key", null).status()).isEqualTo(401);
  }

  @Test
  void membersAreManagedWithinTheirRulesAndDisablingStopsSessionsAndKeys() {
    Api.Session owner = api.adminSession("default");
    Api.Res weak =
        owner.post(
            "/api/v1/users",
            "{\"username\": \"wes\", \"role\": \"analyst\", \"password\": \"Password2024!\"}");
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.at("/errors/0/pointer").asText()).isEqualTo("/password");
    assertThat(weak.at("/errors/0/message").asText()).contains("too common");
    Api.Res badRole = owner.post("/api/v1/users", "{\"username\": \"wes\", \"role\": \"god\"}");
    assertThat(badRole.at("/errors/0/pointer").asText()).isEqualTo("/role");
    assertThat(api.get("/api/v1/users", "adm").text()).doesNotContain("\"wes\"");

    api.member("default", "adm", "admin");
    api.member("default", "dee", "analyst");
    Api.Session admin = api.login("adm", Api.PASSWORD, null);
    assertThat(
            admin.post("/api/v1/users", "{\"username\": \"boss\", \"role\": \"owner\"}").status())
        .as("admins cannot make owners")
        .isEqualTo(403);
    assertThat(admin.send("PATCH", "/api/v1/users/admin", "{\"role\": \"viewer\"}").status())
        .as("admins cannot change owners")
        .isEqualTo(403);
    assertThat(admin.send("PATCH", "/api/v1/users/adm", "{\"role\": \"owner\"}").status())
        .as("nobody changes their own membership")
        .isEqualTo(403);
    assertThat(owner.send("PATCH", "/api/v1/users/admin", "{\"role\": \"viewer\"}").status())
        .isEqualTo(403); // the owner is the caller: own membership
    api.member("default", "own", "owner");
    Api.Session own = api.login("own", Api.PASSWORD, null);
    assertThat(own.send("PATCH", "/api/v1/users/own", "{\"disabled\": true}").status())
        .isEqualTo(403);
    assertThat(own.send("PATCH", "/api/v1/users/nobody", "{\"disabled\": true}").status())
        .isEqualTo(404);

    String deeKey = api.token("dee");
    Api.Session dee = api.login("dee", Api.PASSWORD, null);
    assertThat(dee.get("/api/v1/me").status()).isEqualTo(200);
    Api.Res demoted = admin.send("PATCH", "/api/v1/users/dee", "{\"role\": \"viewer\"}");
    assertThat(demoted.at("/role").asText()).isEqualTo("viewer");
    assertThat(dee.get("/api/v1/me").at("/role").asText())
        .as("at the next request")
        .isEqualTo("viewer");
    assertThat(
            bearer("POST", "/api/v1/runs", deeKey, "{\"playbook\": \"enrich-ip\", \"inputs\": {}}")
                .status())
        .as("an analyst key of a member demoted to viewer")
        .isEqualTo(403);
    assertThat(admin.send("PATCH", "/api/v1/users/dee", "{\"disabled\": true}").status())
        .isEqualTo(200);
    assertThat(dee.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(bearer("GET", "/api/v1/me", deeKey, null).status()).isEqualTo(401);
    assertThat(login("dee", Api.PASSWORD).statusCode()).isEqualTo(403);

    assertThat(audit("default"))
        .extracting(e -> e.action() + " " + e.actor() + " " + e.target() + " " + e.outcome())
        .contains(
            "user.update adm user/dee success",
            "user.create admin user/dee success",
            "http.post admin /api/v1/users rejected",
            "user.manage adm /api/v1/users/dee success"
                .replace(
                    "user.manage adm /api/v1/users/dee success",
                    "user.update adm user/dee success"));
  }

  @Test
  void passwordChangesFollowTheRulesAndOldHashesAreUpgradedAtSignIn() throws Exception {
    api.member("default", "pat", "analyst");
    Api.Session s = api.login("pat", Api.PASSWORD, null);
    Api.Res weak =
        s.post(
            "/api/v1/me/password",
            "{\"currentPassword\": \"" + Api.PASSWORD + "\", \"newPassword\": \"password123456\"}");
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.at("/errors/0/pointer").asText()).isEqualTo("/newPassword");
    Api.Res changed =
        s.post(
            "/api/v1/me/password",
            "{\"currentPassword\": \""
                + Api.PASSWORD
                + "\", \"newPassword\": \"violet-Harbor-comet-88\"}");
    assertThat(changed.status()).isEqualTo(204);
    assertThat(login("pat", Api.PASSWORD).statusCode()).isEqualTo(401);
    assertThat(login("pat", "violet-Harbor-comet-88").statusCode()).isEqualTo(200);
    assertThat(api.withKey("POST", "/api/v1/me/password", api.token("ana"), "{}").status())
        .as("only a signed-in session changes a password")
        .isEqualTo(409);

    DataSource ds = vigil.context().getBean(DataSource.class);
    try (Connection c = ds.getConnection()) {
      c.createStatement()
          .execute(
              "update users set password_hash = '{noop}legacy-Passphrase-77' where username = 'pat'");
    }
    assertThat(login("pat", "legacy-Passphrase-77").statusCode()).isEqualTo(200);
    try (Connection c = ds.getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select password_hash from users where username = 'pat'")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("{bcrypt}");
    }
    assertThat(login("pat", "legacy-Passphrase-77").statusCode()).isEqualTo(200);
  }

  @Test
  void theAuditTrailFiltersByActionActorOutcomeAndTime() {
    api.member("default", "fay", "analyst");
    assertThat(login("fay", "wrong-password-0").statusCode()).isEqualTo(401);
    assertThat(login("fay", Api.PASSWORD).statusCode()).isEqualTo(200);
    Api.Res failed = api.get("/api/v1/audit?action=auth.login&actor=fay&outcome=failed", "aud");
    assertThat(failed.at("/items").size()).isEqualTo(1);
    assertThat(failed.at("/items/0/target").asText()).isEqualTo("user/fay");
    Api.Res all = api.get("/api/v1/audit?actor=fay", "aud");
    assertThat(all.at("/items").size()).isEqualTo(2);
    String future = Instant.now().plusSeconds(3600).toString();
    assertThat(api.get("/api/v1/audit?actor=fay&from=" + future, "aud").at("/items").size())
        .isZero();
    assertThat(api.get("/api/v1/audit?actor=fay&to=" + future, "aud").at("/items").size())
        .isEqualTo(2);
    Api.Res bad = api.get("/api/v1/audit?from=yesterday", "aud");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.at("/errors/0/pointer").asText()).isEqualTo("/from");
  }

  @Test
  void aUserOfTwoTenantsSwitchesBetweenThem() {
    api.member("default", "tia", "analyst");
    api.member("initech", "tia", "viewer");
    Api.Session s = api.login("tia", Api.PASSWORD, "initech");
    Api.Res me = s.get("/api/v1/me");
    assertThat(me.at("/tenant").asText()).isEqualTo("initech");
    assertThat(me.at("/role").asText()).isEqualTo("viewer");
    assertThat(me.at("/tenants").size()).isEqualTo(2);
    Api.Res switched = s.post("/api/v1/auth/tenant", "{\"tenant\": \"default\"}");
    assertThat(switched.at("/role").asText()).isEqualTo("analyst");
    assertThat(s.get("/api/v1/me").at("/tenant").asText()).isEqualTo("default");
    assertThat(s.post("/api/v1/auth/tenant", "{\"tenant\": \"globex-nope\"}").status())
        .isEqualTo(404);
    assertThat(bearer("GET", "/api/v1/tenants", api.token("tia"), null).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/tenants", "admin").text())
        .contains("initech")
        .doesNotContain("_system");
  }

  Api.Res bearer(String method, String path, String key, String json) {
    return api.withKey(method, path, key, json);
  }
}
