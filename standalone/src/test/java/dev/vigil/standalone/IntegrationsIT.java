package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The integrations manager over HTTP with real PostgreSQL: a Wazuh connection whose secrets are
 * sealed in the table, never answered, audited by name only; its configuration validated with
 * pointers, versioned and restored; roles and tenants kept apart.
 */
class IntegrationsIT {

  static final String PASSWORD = "Wazuh-S3cret-pa55";
  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    api.member("default", "eng", "engineer");
    api.member("default", "ana", "analyst");
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static String body(String name, String config, String secrets) {
    return "{\"name\": \""
        + name
        + "\", \"provider\": \"wazuh\", \"config\": "
        + config
        + ", \"secrets\": "
        + secrets
        + "}";
  }

  static Api.Res patch(String name, String json) {
    return api.withKey("PATCH", "/api/v1/integrations/" + name, api.token("admin"), json);
  }

  @Test
  void anAdminAddsAWazuhConnectionWhoseSecretsAreSealedAndNeverShown() {
    Api.Res created =
        api.post(
            "/api/v1/integrations",
            "admin",
            body(
                "wazuh-prod",
                "{\"managerUrl\": \"https://wazuh.example.com:55000\", \"verifyTls\": false}",
                "{\"username\": \"wazuh-wui\", \"password\": \"" + PASSWORD + "\"}"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.at("/secrets").toString()).isEqualTo("[\"password\",\"username\"]");
    assertThat(created.at("/version").asInt()).isEqualTo(1);
    assertThat(created.at("/warnings/0").asText()).contains("TLS verification is off");
    assertThat(created.text()).doesNotContain(PASSWORD);

    for (String user : List.of("admin", "eng")) {
      Api.Res read = api.get("/api/v1/integrations/wazuh-prod", user);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.text()).doesNotContain(PASSWORD);
      assertThat(read.at("/config/managerUrl").asText())
          .isEqualTo("https://wazuh.example.com:55000");
    }
    assertThat(api.get("/api/v1/integrations", "ana").status()).isEqualTo(403);
    assertThat(
            api.post(
                    "/api/v1/integrations",
                    "eng",
                    body("x", "{\"managerUrl\": \"https://w\"}", "{}"))
                .status())
        .as("engineers read, admins manage")
        .isEqualTo(403);
    String gus = api.token("globex", "own"); // the owner of another tenant
    assertThat(api.withKey("GET", "/api/v1/integrations/wazuh-prod", gus, null).status())
        .as("another tenant's owner")
        .isEqualTo(404);
    Api.Res theirs = api.withKey("GET", "/api/v1/integrations", gus, null);
    assertThat(theirs.status()).isEqualTo(200);
    assertThat(theirs.text()).doesNotContain("wazuh-prod");

    // the row holds the secrets sealed: no password, no user name, a key id
    JdbcClient jdbc = JdbcClient.create(vigil.context().getBean(DataSource.class));
    Map<String, Object> row =
        jdbc.sql(
                "select secrets, secrets_key, config::text as config from connections where name ="
                    + " 'wazuh-prod'")
            .query()
            .singleRow();
    byte[] sealed = (byte[]) row.get("secrets");
    String asText = new String(sealed, StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain(PASSWORD).doesNotContain("wazuh-wui");
    assertThat(HexFormat.of().formatHex(sealed))
        .doesNotContain(HexFormat.of().formatHex(PASSWORD.getBytes(StandardCharsets.UTF_8)));
    assertThat((String) row.get("secrets_key")).matches("[0-9a-f]{16}");
    assertThat((String) row.get("config")).doesNotContain(PASSWORD);

    // nothing in the audit trail or the version history carries a secret's value
    Api.Res audit = api.get("/api/v1/audit?limit=200", "admin");
    assertThat(audit.text()).contains("integration.create").doesNotContain(PASSWORD);
    assertThat(api.get("/api/v1/integrations/wazuh-prod/versions", "eng").text())
        .doesNotContain(PASSWORD);
  }

  @Test
  void mistakesAreAnsweredAtTheirPointersAndStoreNothing() {
    Api.Res badName =
        api.post(
            "/api/v1/integrations",
            "admin",
            body("Bad Name", "{\"managerUrl\": \"https://w.example.com\"}", "{}"));
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.at("/errors/0/pointer").asText()).isEqualTo("/name");
    Api.Res provider =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \"p\", \"provider\": \"nagios\", \"config\": {}, \"secrets\": {}}");
    assertThat(provider.at("/errors/0/pointer").asText()).isEqualTo("/provider");
    Api.Res config =
        api.post(
            "/api/v1/integrations",
            "admin",
            body(
                "c",
                "{\"managerUrl\": \"ftp://w.example.com\", \"colour\": \"red\"}",
                "{\"username\": \"u\", \"password\": \"p\"}"));
    assertThat(config.status()).as(config.text()).isEqualTo(422);
    assertThat(config.text()).contains("/config/managerUrl").contains("colour");
    Api.Res secrets =
        api.post(
            "/api/v1/integrations",
            "admin",
            body(
                "s",
                "{\"managerUrl\": \"https://w.example.com\"}",
                "{\"username\": \"u\", \"token\": \"t\"}"));
    assertThat(secrets.status()).isEqualTo(422);
    assertThat(secrets.text()).contains("/secrets/token");
    Api.Res missing =
        api.post(
            "/api/v1/integrations",
            "admin",
            body("m", "{\"managerUrl\": \"https://w.example.com\"}", "{\"username\": \"u\"}"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.at("/errors/0/pointer").asText()).isEqualTo("/secrets/password");
    for (String name : List.of("c", "s", "m")) {
      assertThat(api.get("/api/v1/integrations/" + name, "admin").status()).isEqualTo(404);
    }
  }

  @Test
  void configChangesAreVersionedAndAnEarlierOneIsRestoredWithTheSecretsKept() {
    String name = "wazuh-lab";
    assertThat(
            api.post(
                    "/api/v1/integrations",
                    "admin",
                    body(
                        name,
                        "{\"managerUrl\": \"https://lab.example.com:55000\"}",
                        "{\"username\": \"u\", \"password\": \"p1\"}"))
                .status())
        .isEqualTo(201);
    Api.Res v2 =
        patch(
            name,
            "{\"version\": 1, \"config\": {\"managerUrl\": \"https://lab2.example.com:55000\","
                + " \"blastRadius\": 2}}");
    assertThat(v2.status()).as(v2.text()).isEqualTo(200);
    assertThat(v2.at("/version").asInt()).isEqualTo(2);
    Api.Res stale = patch(name, "{\"version\": 1, \"config\": {\"managerUrl\": \"https://x\"}}");
    assertThat(stale.status()).as("a change against an old version").isEqualTo(409);
    Api.Res v3 = patch(name, "{\"secrets\": {\"password\": \"p2\", \"indexerUsername\": \"idx\"}}");
    assertThat(v3.at("/secrets").toString())
        .isEqualTo("[\"indexerUsername\",\"password\",\"username\"]");
    Api.Res unset = patch(name, "{\"secrets\": {\"password\": null}}");
    assertThat(unset.status()).as("a required secret cannot be unset").isEqualTo(422);

    Api.Res restored =
        api.post("/api/v1/integrations/" + name + "/versions/1/restore", "admin", "{}");
    assertThat(restored.status()).as(restored.text()).isEqualTo(200);
    assertThat(restored.at("/version").asInt()).isEqualTo(4);
    assertThat(restored.at("/config/managerUrl").asText())
        .isEqualTo("https://lab.example.com:55000");
    assertThat(restored.at("/config/blastRadius").isMissingNode()).isTrue();
    assertThat(restored.at("/secrets").toString())
        .as("a restore brings the configuration back, not the secrets")
        .isEqualTo("[\"indexerUsername\",\"password\",\"username\"]");
    Api.Res versions = api.get("/api/v1/integrations/" + name + "/versions", "eng");
    assertThat(versions.at("/0/change").asText()).isEqualTo("restored");
    assertThat(versions.at("/1/change").asText()).isEqualTo("secrets");
    assertThat(versions.at("/2/config/blastRadius").asInt()).isEqualTo(2);
    assertThat(versions.json().size()).isEqualTo(4);

    Api.Res deleted =
        api.withKey("DELETE", "/api/v1/integrations/" + name, api.token("admin"), null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/integrations/" + name, "admin").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/audit?limit=200", "admin").text())
        .contains("integration.delete")
        .contains("integration.restore");
  }

  @Test
  void theConnectionExampleOfTheDocsIsAccepted() {
    String example =
        DocExamples.json("integrations.md", "wazuh connection")
            .replace("\u2026", "x-secret")
            .replace("\"wazuh-prod\"", "\"docs-example\""); // the other tests use that name
    Api.Res created = api.post("/api/v1/integrations", "admin", example);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.at("/secrets").size()).isEqualTo(4);
  }
}
