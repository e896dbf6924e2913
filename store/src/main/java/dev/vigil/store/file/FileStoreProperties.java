package dev.vigil.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The file store's settings ({@code vigil.files.*}, VIGIL_FILES_*), read by the API (uploads,
 * downloads) and the worker (reports) alike.
 *
 * @param backend {@code local} (a directory) or {@code s3}
 * @param dir the directory of the local backend, and of spooled uploads for both (default {@code
 *     data/files}; the standalone app puts it under VIGIL_DATA_DIR)
 * @param allowedTypes the content types stored; empty for {@link FileTypes#DEFAULT_ALLOWED}
 * @param linkTtl how long a signed download link works (default 5 minutes)
 * @param maxUploadBytes the installation's ceiling for one upload, above every tenant's own maximum
 *     (default 1 GiB)
 */
@ConfigurationProperties("vigil.files")
public record FileStoreProperties(
    String backend,
    Path dir,
    List<String> allowedTypes,
    Duration linkTtl,
    long maxUploadBytes,
    S3 s3) {

  /** The S3-compatible backend (see {@link S3BlobStore.Settings}). */
  public record S3(
      String bucket,
      String prefix,
      String region,
      String endpoint,
      boolean pathStyle,
      String accessKey,
      String secretKey,
      boolean serverSideEncryption) {}

  public FileStoreProperties {
    backend = backend == null || backend.isBlank() ? "local" : backend.trim();
    if (!backend.equals("local") && !backend.equals("s3")) {
      throw new IllegalArgumentException(
          "vigil.files.backend (VIGIL_FILES_BACKEND) must be local or s3, not '" + backend + "'");
    }
    dir = dir == null ? Path.of("data", "files") : dir;
    allowedTypes =
        allowedTypes == null
            ? List.of()
            : allowedTypes.stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
    linkTtl =
        linkTtl == null || linkTtl.isNegative() || linkTtl.isZero()
            ? Duration.ofMinutes(5)
            : linkTtl;
    maxUploadBytes = maxUploadBytes <= 0 ? 1L << 30 : maxUploadBytes;
  }

  /** The store these settings describe. */
  public FileStore open(DataSource dataSource, Clock clock) {
    try {
      BlobStore blobs =
          backend.equals("s3")
              ? new S3BlobStore(
                  new S3BlobStore.Settings(
                      s3 == null ? null : s3.bucket(),
                      s3 == null ? null : s3.prefix(),
                      s3 == null ? null : s3.region(),
                      s3 == null ? null : s3.endpoint(),
                      s3 != null && s3.pathStyle(),
                      s3 == null ? null : s3.accessKey(),
                      s3 == null ? null : s3.secretKey(),
                      s3 != null && s3.serverSideEncryption()))
              : new LocalBlobStore(dir);
      return new FileStore(
          dataSource,
          blobs,
          dir.resolve(".spool"),
          allowedTypes.isEmpty() ? FileTypes.DEFAULT_ALLOWED : allowedTypes,
          clock);
    } catch (IOException e) {
      throw new UncheckedIOException("the file store directory " + dir + " is not usable", e);
    }
  }
}
