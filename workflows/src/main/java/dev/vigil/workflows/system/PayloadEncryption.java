package dev.vigil.workflows.system;

/**
 * Whether Temporal payloads are encrypted, and with which keys ({@code VIGIL_PAYLOAD_KEY}, {@code
 * VIGIL_PAYLOAD_OLD_KEYS}). One per process; its clients, workers and codec endpoint share it.
 *
 * @param keys null when encryption is off
 */
public record PayloadEncryption(PayloadKeys keys) {

  /** From the two settings; fails fast, naming the setting, on a malformed key. */
  public static PayloadEncryption fromSettings(String key, String oldKeys) {
    return new PayloadEncryption(PayloadKeys.parse(key, oldKeys));
  }

  public boolean enabled() {
    return keys != null;
  }

  /** The codec; null when encryption is off. */
  public EncryptionCodec codec() {
    return keys == null ? null : new EncryptionCodec(keys);
  }

  @Override
  public String toString() {
    return enabled() ? "PayloadEncryption[keys " + keys.ids() + "]" : "PayloadEncryption[off]";
  }
}
