package dev.vigil.standalone;

import dev.vigil.playbook.crypto.AesKeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone mode's keys for connection secrets when {@code VIGIL_SECRETS_KEY} is not set: a
 * random key kept in {@code VIGIL_DATA_DIR/secrets.key} (readable by its owner only), made on the
 * first start. The first line is the current key; during a rotation the lines after it are the old
 * ones. Back it up with the data: without it the stored secrets cannot be opened.
 */
final class SecretsKeyFile {

  private static final Logger log = LoggerFactory.getLogger(SecretsKeyFile.class);
  static final String FILE = "secrets.key";

  private SecretsKeyFile() {}

  /**
   * The keys in {@code dataDir}, current first, then the old ones a rotation still needs; a fresh
   * key is made when there is none.
   */
  static List<String> keys(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        write(dataDir, AesKeyRing.generate(), List.of());
        log.info(
            "made a key for connection secrets in {} (set VIGIL_SECRETS_KEY to use your own; back"
                + " the file up with the data)",
            file);
      }
      List<String> keys =
          Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
              .map(String::trim)
              .filter(l -> !l.isEmpty())
              .toList();
      if (keys.isEmpty()) {
        throw new IllegalStateException(file + " holds no key");
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the connection-secrets key in " + file + " (set VIGIL_SECRETS_KEY)", e);
    }
  }

  /**
   * Replaces the file's keys at once (written aside, then moved over it): {@code current} first,
   * then {@code old}. Readable by its owner only where the file system has POSIX permissions.
   */
  static void write(Path dataDir, String current, List<String> old) throws IOException {
    Path file = dataDir.resolve(FILE);
    Path tmp = dataDir.resolve(FILE + ".new");
    List<String> all = new ArrayList<>();
    all.add(current);
    all.addAll(old);
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException noPosixPermissions) {
      Files.createFile(tmp); // e.g. a Windows volume: its own ACLs apply
    }
    Files.writeString(tmp, String.join("\n", all) + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
