package dev.vigil.store.connection;

import dev.vigil.store.connection.ConnectionRepository.ConnectionRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-seals every tenant's connection secrets under the current key ({@code ./vigil secrets
 * rotate}): each one is opened with the key that sealed it (the current or an old key) and sealed
 * again with the current one, in its own transaction. A connection changed meanwhile is left as its
 * change wrote it (already under the current key). Nothing here logs or returns a secret.
 */
public final class SecretsRotation {

  private SecretsRotation() {}

  /** What a rotation did; {@code failed} names the connections whose key is not configured. */
  public record Result(int resealed, int alreadyCurrent, List<String> failed) {}

  public static Result rotate(ConnectionRepository repo, SecretBox box) {
    if (!box.enabled()) {
      throw new SecretBox.SecretsUnavailable(
          "set "
              + SecretBox.KEY_SETTING
              + " to the new key and the old one in "
              + SecretBox.OLD_KEYS_SETTING);
    }
    int resealed = 0;
    int current = 0;
    List<String> failed = new ArrayList<>();
    for (ConnectionRecord r : repo.sealedAcrossTenants()) {
      if (r.secrets().keyId().equals(box.currentKeyId())) {
        current++;
        continue;
      }
      if (!box.canOpen(r.secrets().keyId())) {
        failed.add(r.tenant() + "/" + r.name() + " (key " + r.secrets().keyId() + ")");
        continue;
      }
      SecretBox.Sealed again =
          box.seal(r.tenant(), r.name(), box.open(r.tenant(), r.name(), r.secrets()));
      if (repo.reseal(r.tenant(), r.name(), r.version(), again)) {
        resealed++;
      } else {
        current++; // changed meanwhile: that change sealed it under the current key
      }
    }
    return new Result(resealed, current, List.copyOf(failed));
  }
}
