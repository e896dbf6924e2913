package dev.vigil.standalone;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.SecretBox;
import dev.vigil.store.connection.SecretsRotation;
import dev.vigil.store.system.EmbeddedDatabase;
import dev.vigil.store.system.Migrations;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ./vigil secrets rotate}: re-seals every connection's secrets under the current key.
 *
 * <p>With {@code VIGIL_SECRETS_KEY} set, the current key is that one and the keys that sealed
 * before go in {@code VIGIL_SECRETS_OLD_KEYS}. Without it (the standalone mode's key file), a new
 * key is made, every secret is re-sealed under it, and only then does it replace the file's key.
 * The database is {@code VIGIL_DB_URL} or the embedded one under {@code VIGIL_DATA_DIR} (Vigil
 * stopped).
 */
final class SecretsCommand {

  private SecretsCommand() {}

  /** Runs {@code secrets <sub>}; returns the exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out) {
    if (args.length != 2 || !args[1].equals("rotate")) {
      out.println("usage: ./vigil secrets rotate");
      return 2;
    }
    StandaloneSettings s = StandaloneSettings.fromEnvironment(env);
    String key = env.get("VIGIL_SECRETS_KEY");
    String oldKeys = env.get("VIGIL_SECRETS_OLD_KEYS");
    Path keyFile = s.dataDir().resolve(SecretsKeyFile.FILE);
    String fresh = null;
    if (key == null || key.isBlank()) {
      if (!Files.exists(keyFile)) {
        out.println("no secrets key: neither VIGIL_SECRETS_KEY nor " + keyFile + " exists");
        return 1;
      }
      // the new key goes first in the file, the old ones stay after it until every secret moved
      fresh = dev.vigil.playbook.crypto.AesKeyRing.generate();
      java.util.List<String> old = SecretsKeyFile.keys(s.dataDir());
      try {
        SecretsKeyFile.write(s.dataDir(), fresh, old);
      } catch (java.io.IOException e) {
        out.println("could not write the new key to " + keyFile + ": " + e.getMessage());
        return 1;
      }
      key = fresh;
      oldKeys = String.join(",", old);
    }
    SecretBox box = SecretBox.of(key, oldKeys);
    EmbeddedDatabase db = null;
    try (HikariDataSource ds = new HikariDataSource()) {
      if (s.dbUrl() != null) {
        ds.setJdbcUrl(s.dbUrl());
        ds.setUsername(env.get("VIGIL_DB_USER"));
        ds.setPassword(env.get("VIGIL_DB_PASSWORD"));
      } else {
        db = EmbeddedDatabase.start(s.dataDir().resolve("postgres"), 0);
        ds.setJdbcUrl(db.jdbcUrl("postgres"));
        ds.setUsername(EmbeddedDatabase.USER);
      }
      Migrations.apply(ds);
      SecretsRotation.Result r = SecretsRotation.rotate(new ConnectionRepository(ds), box);
      out.println(
          "re-sealed "
              + r.resealed()
              + " connection(s) under key "
              + box.currentKeyId()
              + "; "
              + r.alreadyCurrent()
              + " already under it");
      if (!r.failed().isEmpty()) {
        out.println(
            "not re-sealed (put their key in VIGIL_SECRETS_OLD_KEYS and run again): " + r.failed());
        return 1;
      }
      if (fresh != null) {
        SecretsKeyFile.write(s.dataDir(), fresh, java.util.List.of());
        out.println("the new key is in " + keyFile + "; the old one is gone from it");
      } else {
        out.println("the old keys can now be removed from VIGIL_SECRETS_OLD_KEYS");
      }
      return 0;
    } catch (java.io.IOException e) {
      out.println("could not write the new key: " + e.getMessage());
      return 1;
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }
}
