package dev.vigil.workflows.system;

import dev.vigil.playbook.crypto.AesKeyRing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.SecretKey;

/**
 * The AES-256 keys that encrypt Temporal payloads ({@code VIGIL_PAYLOAD_KEY}, old ones in {@code
 * VIGIL_PAYLOAD_OLD_KEYS}): the current one encrypts, every one decrypts ({@link AesKeyRing}).
 */
public final class PayloadKeys {

  private final AesKeyRing ring;

  private PayloadKeys(AesKeyRing ring) {
    this.ring = ring;
  }

  /**
   * Keys from the settings; null when {@code current} is blank (encryption off). Fails fast, naming
   * the setting, on a key that is not base64 of 32 bytes.
   */
  public static PayloadKeys parse(String current, String old) {
    AesKeyRing ring =
        AesKeyRing.parse(
            current,
            old,
            "vigil.temporal.payload-key (VIGIL_PAYLOAD_KEY)",
            "vigil.temporal.payload-old-keys (VIGIL_PAYLOAD_OLD_KEYS)");
    return ring == null ? null : new PayloadKeys(ring);
  }

  /** A fresh random key, base64 (what {@code ./vigil keys payload} prints). */
  public static String generate() {
    return AesKeyRing.generate();
  }

  public String currentId() {
    return ring.currentId();
  }

  SecretKey current() {
    return ring.current();
  }

  /** The key with this id, or null when none of the configured keys has it. */
  SecretKey get(String id) {
    return ring.get(id);
  }

  /** The ids of every configured key, current first (shown on the Nodes page, never the keys). */
  public List<String> ids() {
    return ring.ids();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
