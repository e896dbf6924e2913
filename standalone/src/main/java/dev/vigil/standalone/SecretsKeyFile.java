package dev.vigil.standalone;

import dev.vigil.playbook.crypto.AesKeyRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** The current key in {@code dataDir}, made when there is none. */
  static String keyIn(Path dataDir) {
    return lines(dataDir).get(0);
  }

  /** The old keys in {@code dataDir} (comma-separated), or null. */
  static String oldKeysIn(Path dataDir) {
    java.util.List<String> all = lines(dataDir);
    return all.size() < 2 ? null : String.join(",", all.subList(1, all.size()));
  }

  /** Replaces the file's keys at once: {@code current} first, then {@code old}. */
  static void write(Path dataDir, String current, java.util.List<String> old) throws IOException {
    Path file = dataDir.resolve(FILE);
    Path tmp = dataDir.resolve(FILE + ".new");
    java.util.List<String> all = new java.util.ArrayList<>();
    all.add(current);
    all.addAll(old);
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException noPosix) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, String.join("\n", all) + "\n", StandardCharsets.US_ASCII);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static java.util.List<String> lines(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, AesKeyRing.generate() + "\n", StandardCharsets.US_ASCII);
          log.info(
              "made a key for connection secrets in {} (set VIGIL_SECRETS_KEY to use your own; back"
                  + " the file up with the data)",
              file);
        } catch (FileAlreadyExistsException raced) {
          // another start made it first; read theirs
        } catch (UnsupportedOperationException noPosix) {
          Files.writeString(file, AesKeyRing.generate() + "\n", StandardCharsets.US_ASCII);
        }
      }
      java.util.List<String> keys =
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
}
