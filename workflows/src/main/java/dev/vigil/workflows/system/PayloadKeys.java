package dev.vigil.workflows.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt Temporal payloads: the current one encrypts, every one decrypts.
 *
 * <p>A key's id is derived from the key itself (the first 8 bytes of its SHA-256, in hex), so a
 * rotation is only a matter of settings: the new key becomes {@code VIGIL_PAYLOAD_KEY} and the old
 * one moves into {@code VIGIL_PAYLOAD_OLD_KEYS}; payloads written with it still decrypt.
 */
public final class PayloadKeys {

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private PayloadKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Keys from the settings; null when {@code current} is blank (encryption off). Fails fast, naming
   * the setting, on a key that is not base64 of 32 bytes.
   */
  public static PayloadKeys parse(String current, String old) {
    if (current == null || current.isBlank()) {
      if (old != null && !old.isBlank()) {
        throw new IllegalArgumentException(
            "vigil.temporal.payload-old-keys (VIGIL_PAYLOAD_OLD_KEYS) is set but"
                + " vigil.temporal.payload-key (VIGIL_PAYLOAD_KEY) is not");
      }
      return null;
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    SecretKey key = key(current.trim(), "vigil.temporal.payload-key (VIGIL_PAYLOAD_KEY)");
    String id = idOf(key);
    keys.put(id, key);
    if (old != null) {
      for (String s : old.split(",")) {
        if (!s.isBlank()) {
          SecretKey k = key(s.trim(), "vigil.temporal.payload-old-keys (VIGIL_PAYLOAD_OLD_KEYS)");
          keys.putIfAbsent(idOf(k), k);
        }
      }
    }
    return new PayloadKeys(id, Map.copyOf(keys));
  }

  /** A fresh random key, base64 (what {@code ./vigil keys payload} prints). */
  public static String generate() {
    byte[] b = new byte[32];
    new java.security.SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static SecretKey key(String base64, String setting) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be base64 (of 32 random bytes)");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          setting + " must be 32 bytes (AES-256) in base64, not " + raw.length + " bytes");
    }
    return new SecretKeySpec(raw, "AES");
  }

  static String idOf(SecretKey key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null when none of the configured keys has it. */
  SecretKey get(String id) {
    return keys.get(id);
  }

  /** The ids of every configured key, current first (shown on the Nodes page, never the keys). */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    ids.add(currentId);
    keys.keySet().stream().filter(k -> !k.equals(currentId)).sorted().forEach(ids::add);
    return ids;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
