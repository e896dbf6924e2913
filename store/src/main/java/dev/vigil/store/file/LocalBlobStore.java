package dev.vigil.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Content in a directory outside any web root ({@code VIGIL_DATA_DIR/files} by default). A put
 * copies into a temporary name beside the target and renames it, so a reader never sees half a
 * file.
 */
public final class LocalBlobStore implements BlobStore {

  private final Path root;

  public LocalBlobStore(Path root) throws IOException {
    this.root = Files.createDirectories(root.toAbsolutePath().normalize());
  }

  /** Where temporary upload files go: on the same file system, so the final move is a rename. */
  public Path root() {
    return root;
  }

  private Path path(String tenant, String sha256) {
    return root.resolve(BlobStore.key(tenant, sha256));
  }

  @Override
  public void put(String tenant, String sha256, Path source) throws IOException {
    Path target = path(tenant, sha256);
    if (Files.exists(target)) {
      return; // content addressed: what is there is these bytes
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), sha256, ".part");
    try {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public InputStream open(String tenant, String sha256) throws IOException {
    return Files.newInputStream(path(tenant, sha256));
  }

  @Override
  public void delete(String tenant, String sha256) throws IOException {
    Files.deleteIfExists(path(tenant, sha256));
  }

  @Override
  public String kind() {
    return "local";
  }
}
