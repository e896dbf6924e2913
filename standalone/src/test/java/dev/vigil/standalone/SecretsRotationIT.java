package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./vigil secrets rotate} on a stopped standalone Vigil: every connection is re-sealed under
 * the new key and stays usable; a Vigil without the key that sealed them says which key it needs.
 */
class SecretsRotationIT {

  static final String K1 = "q7Zl3sTqS9mVvT3Jm1l7e8l3r2N9x0bWcQ4p5o6i7u8=";
  static final String K2 = "Mj7yq0cW5b2rX9tV1nK8sL3dF6gH4jZ0aP2oI5uY7e4=";

  static String create =
      "{\"name\": \"wazuh-prod\", \"provider\": \"wazuh\", \"config\": {\"managerUrl\":"
          + " \"https://wazuh.example.com:55000\"}, \"secrets\": {\"username\": \"u\","
          + " \"password\": \"p\"}}";

  /** A change that opens the sealed secrets (they are re-sealed with the new configuration). */
  static Api.Res touch(Api api, int n) {
    return api.withKey(
        "PATCH",
        "/api/v1/integrations/wazuh-prod",
        api.token("admin"),
        "{\"config\": {\"managerUrl\": \"https://wazuh.example.com:55000\", \"blastRadius\": "
            + n
            + "}}");
  }

  static int rotate(Map<String, String> env, StringBuilder output) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status =
        SecretsCommand.run(new String[] {"secrets", "rotate"}, env, new PrintStream(bytes));
    output.append(bytes.toString(StandardCharsets.UTF_8));
    return status;
  }

  @Test
  void theKeyFileOfTheStandaloneModeIsReplacedAndEveryConnectionStaysReadable(@TempDir Path data)
      throws Exception {
    try (Standalone vigil =
        Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args())) {
      Api api = new Api(vigil.port());
      assertThat(api.post("/api/v1/integrations", "admin", create).status()).isEqualTo(201);
    }
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("secrets.key"))))
        .as("the key file is its owner's alone")
        .isEqualTo("rw-------");
    String before = Files.readString(data.resolve("secrets.key")).trim();
    StringBuilder out = new StringBuilder();
    assertThat(rotate(Map.of("VIGIL_DATA_DIR", data.toString()), out)).as(out.toString()).isZero();
    assertThat(out.toString()).contains("re-sealed 1 connection");
    String after = Files.readString(data.resolve("secrets.key")).trim();
    assertThat(after).isNotEqualTo(before).doesNotContain("\n");
    try (Standalone vigil =
        Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args())) {
      Api api = new Api(vigil.port());
      Api.Res changed = touch(api, 3);
      assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    }
  }

  @Test
  void withKeysFromTheEnvironmentTheOldKeyIsNoLongerNeededAfterwards(@TempDir Path data) {
    int port = Ports.free();
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, port, null, null),
            Api.args("--vigil.integrations.secrets-key=" + K1))) {
      Api api = new Api(vigil.port());
      assertThat(api.post("/api/v1/integrations", "admin", create).status()).isEqualTo(201);
    }
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.integrations.secrets-key=" + K2))) {
      Api.Res refused = touch(new Api(vigil.port()), 2);
      assertThat(refused.status()).as("K2 alone cannot open what K1 sealed").isEqualTo(503);
      assertThat(refused.text()).contains("VIGIL_SECRETS_OLD_KEYS").doesNotContain(K1);
    }
    StringBuilder without = new StringBuilder();
    assertThat(rotate(Map.of("VIGIL_DATA_DIR", data.toString(), "VIGIL_SECRETS_KEY", K2), without))
        .as("without the old key nothing can be re-sealed")
        .isEqualTo(1);
    assertThat(without.toString())
        .contains("not re-sealed")
        .contains("default/wazuh-prod")
        .contains(dev.vigil.store.connection.SecretBox.of(K1, null).currentKeyId())
        .doesNotContain(K1);
    StringBuilder out = new StringBuilder();
    int status =
        rotate(
            Map.of(
                "VIGIL_DATA_DIR", data.toString(),
                "VIGIL_SECRETS_KEY", K2,
                "VIGIL_SECRETS_OLD_KEYS", K1),
            out);
    assertThat(status).as(out.toString()).isZero();
    try (Standalone vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.integrations.secrets-key=" + K2))) {
      Api.Res changed = touch(new Api(vigil.port()), 4);
      assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    }
  }
}
