package dev.vigil.store.connection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.playbook.crypto.AesKeyRing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens connection secrets: AES-256-GCM under the key of {@code VIGIL_SECRETS_KEY} (old
 * keys in {@code VIGIL_SECRETS_OLD_KEYS} still open what they sealed). The tenant, the connection's
 * name and the key id are authenticated with the ciphertext, so a sealed value copied to another
 * connection or tenant does not open. {@link #toString} names key ids only.
 */
public final class SecretBox {

  public static final String KEY_SETTING = "vigil.integrations.secrets-key (VIGIL_SECRETS_KEY)";
  public static final String OLD_KEYS_SETTING =
      "vigil.integrations.secrets-old-keys (VIGIL_SECRETS_OLD_KEYS)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;

  private final AesKeyRing keys;

  private SecretBox(AesKeyRing keys) {
    this.keys = keys;
  }

  /** The box of these settings; without a key it refuses to seal or open ({@link #enabled}). */
  public static SecretBox of(String key, String oldKeys) {
    return new SecretBox(AesKeyRing.parse(key, oldKeys, KEY_SETTING, OLD_KEYS_SETTING));
  }

  /** Secrets sealed under {@code keyId}. */
  public record Sealed(String keyId, byte[] data) {}

  /** Thrown when secrets cannot be sealed or opened; says why without any secret in it. */
  public static final class SecretsUnavailable extends RuntimeException {
    SecretsUnavailable(String message) {
      super(message);
    }
  }

  public boolean enabled() {
    return keys != null;
  }

  /** The id of the key that seals now, or null without a key. */
  public String currentKeyId() {
    return keys == null ? null : keys.currentId();
  }

  /** Whether a value sealed under {@code keyId} opens (its key is configured). */
  public boolean canOpen(String keyId) {
    return keys != null && keys.get(keyId) != null;
  }

  /**
   * A key for another purpose (e.g. signing download links), derived from the current key with
   * HMAC-SHA256 over {@code purpose}; null without a key. Rotating the key changes it.
   */
  public byte[] derive(String purpose) {
    if (keys == null) {
      return null;
    }
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(keys.current().getEncoded(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  public Sealed seal(String tenant, String name, Map<String, String> secrets) {
    require();
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(keys.currentId(), tenant, name));
      byte[] sealed = c.doFinal(JSON.writeValueAsBytes(new LinkedHashMap<>(secrets)));
      return new Sealed(
          keys.currentId(),
          ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new SecretsUnavailable(
          "the secrets could not be sealed (" + e.getClass().getSimpleName() + ")");
    }
  }

  public Map<String, String> open(String tenant, String name, Sealed sealed) {
    require();
    SecretKey key = keys.get(sealed.keyId());
    if (key == null) {
      throw new SecretsUnavailable(
          "the secrets of connection '"
              + name
              + "' were sealed with key "
              + sealed.keyId()
              + ", which is not configured (configured: "
              + keys.ids()
              + "); put it in "
              + OLD_KEYS_SETTING);
    }
    try {
      byte[] data = sealed.data();
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
      c.updateAAD(aad(sealed.keyId(), tenant, name));
      byte[] plain = c.doFinal(data, NONCE, data.length - NONCE);
      return JSON.readValue(plain, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new SecretsUnavailable(
          "the secrets of connection '" + name + "' do not open: they were altered or moved");
    }
  }

  private void require() {
    if (keys == null) {
      throw new SecretsUnavailable(
          "connection secrets need a key: set " + KEY_SETTING + " to 32 random bytes in base64");
    }
  }

  private static byte[] aad(String keyId, String tenant, String name) {
    return ("vigil-secrets/v1/" + keyId + "/" + tenant + "/" + name)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return keys == null ? "SecretBox[no key]" : "SecretBox[keys " + keys.ids() + "]";
  }
}
