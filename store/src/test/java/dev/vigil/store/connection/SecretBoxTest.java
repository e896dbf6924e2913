package dev.vigil.store.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection secrets sealed with AES-256-GCM: bound to their tenant and name, rotatable. */
class SecretBoxTest {

  static final String KEY = "q7Zl3sTqS9mVvT3Jm1l7e8l3r2N9x0bWcQ4p5o6i7u8=";
  static final String NEW = "Mj7yq0cW5b2rX9tV1nK8sL3dF6gH4jZ0aP2oI5uY7e4=";
  static final Map<String, String> SECRETS = Map.of("username", "wazuh-wui", "password", "S3cret!");

  @Test
  void sealedSecretsOpenOnlyForTheirTenantAndConnection() {
    SecretBox box = SecretBox.of(KEY, null);
    SecretBox.Sealed s = box.seal("acme", "wazuh-prod", SECRETS);
    assertThat(new String(s.data(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("S3cret!")
        .doesNotContain("wazuh-wui");
    assertThat(box.open("acme", "wazuh-prod", s)).isEqualTo(SECRETS);
    assertThatThrownBy(() -> box.open("globex", "wazuh-prod", s))
        .isInstanceOf(SecretBox.SecretsUnavailable.class)
        .hasMessageContaining("altered or moved");
    assertThatThrownBy(() -> box.open("acme", "wazuh-lab", s))
        .isInstanceOf(SecretBox.SecretsUnavailable.class);
    byte[] tampered = s.data().clone();
    tampered[tampered.length - 1] ^= 1;
    assertThatThrownBy(
            () -> box.open("acme", "wazuh-prod", new SecretBox.Sealed(s.keyId(), tampered)))
        .isInstanceOf(SecretBox.SecretsUnavailable.class)
        .message()
        .doesNotContain("S3cret!");
    assertThat(box.seal("acme", "wazuh-prod", SECRETS).data())
        .as("a fresh nonce each time")
        .isNotEqualTo(s.data());
  }

  @Test
  void afterARotationOldSecretsStillOpenAndNewOnesUseTheNewKey() {
    SecretBox before = SecretBox.of(KEY, null);
    SecretBox.Sealed old = before.seal("acme", "wazuh-prod", SECRETS);
    SecretBox after = SecretBox.of(NEW, KEY);
    assertThat(after.open("acme", "wazuh-prod", old)).isEqualTo(SECRETS);
    SecretBox.Sealed resealed = after.seal("acme", "wazuh-prod", SECRETS);
    assertThat(resealed.keyId()).isEqualTo(after.currentKeyId()).isNotEqualTo(old.keyId());
    SecretBox newOnly = SecretBox.of(NEW, null);
    assertThat(newOnly.canOpen(old.keyId())).isFalse();
    assertThatThrownBy(() -> newOnly.open("acme", "wazuh-prod", old))
        .hasMessageContaining(old.keyId())
        .hasMessageContaining("VIGIL_SECRETS_OLD_KEYS");
  }

  @Test
  void withoutAKeyNothingIsSealedAndTheMessageNamesTheSetting() {
    SecretBox none = SecretBox.of("", null);
    assertThat(none.enabled()).isFalse();
    assertThatThrownBy(() -> none.seal("acme", "w", SECRETS))
        .hasMessageContaining("VIGIL_SECRETS_KEY");
    assertThatThrownBy(() -> SecretBox.of("c2hvcnQ=", null))
        .hasMessageContaining("VIGIL_SECRETS_KEY")
        .hasMessageContaining("32 bytes");
    assertThat(SecretBox.of(KEY, null).toString()).doesNotContain(KEY);
  }
}
