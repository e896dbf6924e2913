package dev.vigil.playbook.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 keys from settings: the current one encrypts, every one decrypts. Used for Temporal
 * payloads and for connection secrets, each with its own settings.
 *
 * <p>A key's id is derived from the key itself (the first 8 bytes of its SHA-256, in hex), so a
 * rotation is only a matter of settings: the new key becomes the current setting and the old one
 * moves into the old-keys setting; what was written with it still decrypts.
 */
public final class AesKeyRing {

  private final String currentId;
  private final Map<String, SecretKey> keys;

  private AesKeyRing(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Keys from the settings; null when {@code current} is blank. Fails fast, naming the setting, on
   * a key that is not base64 of 32 bytes, and on old keys without a current one.
   *
   * @param currentSetting how the current key's setting is named in messages
   * @param oldSetting how the old keys' setting (comma-separated) is named in messages
   */
  public static AesKeyRing parse(
      String current, String old, String currentSetting, String oldSetting) {
    if (current == null || current.isBlank()) {
      if (old != null && !old.isBlank()) {
        throw new IllegalArgumentException(
            oldSetting + " is set but " + currentSetting + " is not");
      }
      return null;
    }
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    SecretKey key = key(current.trim(), currentSetting);
    String id = idOf(key);
    keys.put(id, key);
    if (old != null) {
      for (String s : old.split(",")) {
        if (!s.isBlank()) {
          SecretKey k = key(s.trim(), oldSetting);
          keys.putIfAbsent(idOf(k), k);
        }
      }
    }
    return new AesKeyRing(id, Map.copyOf(keys));
  }

  /** A fresh random key, base64. */
  public static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
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

  public SecretKey current() {
    return keys.get(currentId);
  }

  /** The key with this id, or null when none of the configured keys has it. */
  public SecretKey get(String id) {
    return keys.get(id);
  }

  /** The ids of every configured key, current first (safe to show; never the keys). */
  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    ids.add(currentId);
    keys.keySet().stream().filter(k -> !k.equals(currentId)).sorted().forEach(ids::add);
    return ids;
  }
}
