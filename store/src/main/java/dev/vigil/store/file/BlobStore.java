package dev.vigil.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a tenant's file content lives, addressed by its SHA-256 (lower-case hex): {@code
 * <tenant>/<sha[0:2]>/<sha>}. Nothing here knows a file's name. Writing the same content twice is
 * harmless; reads of content that is not there fail with {@link java.nio.file.NoSuchFileException}.
 */
public interface BlobStore {

  /** Stores the bytes of {@code source} (a local temporary file) as {@code sha256}. */
  void put(String tenant, String sha256, Path source) throws IOException;

  /** The stored bytes of {@code sha256}. */
  InputStream open(String tenant, String sha256) throws IOException;

  /** Removes {@code sha256}; nothing happens if it is not there. */
  void delete(String tenant, String sha256) throws IOException;

  /** {@code local} or {@code s3}, for the health page and the logs. */
  String kind();

  /** The key of a tenant's content: never built from anything a user typed. */
  static String key(String tenant, String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("not a tenant id: " + tenant);
    }
    return tenant + "/" + sha256.substring(0, 2) + "/" + sha256;
  }
}
