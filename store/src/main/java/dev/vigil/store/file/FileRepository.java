package dev.vigil.store.file;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.detections.dlp.DlpScanner;
import dev.vigil.store.system.JsonColumns;
import dev.vigil.store.system.NewestFirst;
import dev.vigil.store.system.Page;
import dev.vigil.store.system.TenantJdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * File metadata ({@code files}) and the tenant's distinct contents ({@code file_blobs}). Storing
 * and deleting take the tenant's file lock, so the quota check and the content it admits, and the
 * last reference to a content and its removal, never race.
 */
public class FileRepository {

  private final TenantJdbc db;

  public FileRepository(DataSource dataSource) {
    this.db = new TenantJdbc(dataSource);
  }

  /** A stored file as listed and shown. */
  public record StoredFile(
      String id,
      String name,
      String sha256,
      long size,
      String contentType,
      String kind,
      List<String> tags,
      String readPermission,
      String createdBy,
      Instant createdAt,
      boolean dlpScanned,
      List<DlpScanner.Finding> dlp) {}

  /**
   * List filters; null for any. {@code type} matches a type or, ending in {@code /}, a family;
   * {@code readable} lists the caller's permissions: files that need another are left out.
   */
  public record Filter(
      String tag,
      String type,
      String kind,
      Instant from,
      Instant to,
      String q,
      List<String> readable) {}

  /** Writes content into the blob store; called only when the tenant does not have it yet. */
  @FunctionalInterface
  public interface ContentAction {
    void run() throws IOException;
  }

  /** Removes a content from the blob store, by its SHA-256. */
  @FunctionalInterface
  public interface ContentRemoval {
    void remove(String sha256) throws IOException;
  }

  /** The content would take the tenant's store over its quota. */
  public static final class QuotaExceeded extends RuntimeException {
    public final long used;
    public final long size;
    public final long quota;

    QuotaExceeded(long used, long size, long quota) {
      super(
          "storing "
              + size
              + " more bytes would exceed the tenant's file quota ("
              + used
              + " of "
              + quota
              + " bytes used)");
      this.used = used;
      this.size = size;
      this.quota = quota;
    }
  }

  private static final String COLUMNS =
      "id::text, name, sha256, size, content_type, kind, tags, read_permission, created_by,"
          + " created_at, dlp_scanned, dlp::text";

  /**
   * Records a file. If the tenant does not hold its content yet, the content must fit the quota and
   * {@code putContent} stores it before the transaction commits — a failed write stores nothing.
   */
  public StoredFile insert(
      String tenant,
      UUID id,
      String name,
      String sha256,
      long size,
      String contentType,
      String kind,
      List<String> tags,
      String readPermission,
      String createdBy,
      boolean dlpScanned,
      List<DlpScanner.Finding> dlp,
      long quota,
      ContentAction putContent) {
    db.runInTenant(
        tenant,
        jdbc -> {
          lock(jdbc, tenant);
          boolean known =
              jdbc.sql("select 1 from file_blobs where tenant_id = :t and sha256 = :sha")
                  .param("t", tenant)
                  .param("sha", sha256)
                  .query(Integer.class)
                  .optional()
                  .isPresent();
          if (!known) {
            long used = usage(jdbc, tenant);
            if (used + size > quota) {
              throw new QuotaExceeded(used, size, quota);
            }
            try {
              putContent.run();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            jdbc.sql("insert into file_blobs (tenant_id, sha256, size) values (:t, :sha, :size)")
                .param("t", tenant)
                .param("sha", sha256)
                .param("size", size)
                .update();
          }
          jdbc.sql(
                  "insert into files (tenant_id, id, name, sha256, size, content_type, kind, tags,"
                      + " read_permission, created_by, dlp_scanned, dlp) values (:t, :id, :name,"
                      + " :sha, :size, :type, :kind, :tags, :perm, :by, :scanned, :dlp::jsonb)")
              .param("t", tenant)
              .param("id", id)
              .param("name", name)
              .param("sha", sha256)
              .param("size", size)
              .param("type", contentType)
              .param("kind", kind)
              .param("tags", tags.toArray(String[]::new))
              .param("perm", readPermission)
              .param("by", createdBy)
              .param("scanned", dlpScanned)
              .param("dlp", JsonColumns.write(dlp))
              .update();
        });
    return get(tenant, id.toString()).orElseThrow();
  }

  public Optional<StoredFile> get(String tenant, String id) {
    UUID uuid = uuid(id);
    if (uuid == null) {
      return Optional.empty();
    }
    return db.inTenant(
        tenant,
        jdbc ->
            jdbc.sql("select " + COLUMNS + " from files where tenant_id = :t and id = :id")
                .param("t", tenant)
                .param("id", uuid)
                .query(FileRepository::row)
                .optional());
  }

  /**
   * The tenant's files, newest first.
   *
   * @throws IllegalArgumentException for a cursor that is not one of this list's
   */
  public Page<StoredFile> list(String tenant, Filter f, int limit, String cursor) {
    String type = f.type();
    return db.inTenant(
        tenant,
        jdbc ->
            new NewestFirst("select " + COLUMNS + " from files", tenant)
                .and(":tag = any(tags)", "tag", f.tag())
                .and(
                    type != null && type.endsWith("/")
                        ? "starts_with(content_type, :type)"
                        : "content_type = :type",
                    "type",
                    type)
                .and("kind = :kind", "kind", f.kind())
                .and(
                    "(read_permission is null or read_permission = any(:readable))",
                    "readable",
                    f.readable() == null ? null : f.readable().toArray(String[]::new))
                .and("created_at >= :from", "from", f.from())
                .and("created_at < :to", "to", f.to())
                .and(
                    "strpos(lower(name), lower(:q)) > 0",
                    "q",
                    f.q() == null || f.q().isBlank() ? null : f.q())
                .page(
                    jdbc,
                    cursor,
                    limit,
                    FileRepository::row,
                    StoredFile::createdAt,
                    StoredFile::id));
  }

  /**
   * Deletes a file; if it was the last file with its content, the content goes too ({@code
   * removeContent}, before the commit). Empty when the tenant has no such file.
   */
  public Optional<StoredFile> delete(String tenant, String id, ContentRemoval removeContent) {
    Optional<StoredFile> file = get(tenant, id);
    if (file.isEmpty()) {
      return file;
    }
    return db.inTenant(
        tenant,
        jdbc -> {
          lock(jdbc, tenant);
          int gone =
              jdbc.sql("delete from files where tenant_id = :t and id = :id")
                  .param("t", tenant)
                  .param("id", UUID.fromString(file.get().id()))
                  .update();
          if (gone == 0) {
            return Optional.<StoredFile>empty(); // deleted meanwhile
          }
          int others =
              jdbc.sql("select count(*) from files where tenant_id = :t and sha256 = :sha")
                  .param("t", tenant)
                  .param("sha", file.get().sha256())
                  .query(Integer.class)
                  .single();
          if (others == 0) {
            jdbc.sql("delete from file_blobs where tenant_id = :t and sha256 = :sha")
                .param("t", tenant)
                .param("sha", file.get().sha256())
                .update();
            try {
              removeContent.remove(file.get().sha256());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return file;
        });
  }

  /** Bytes of distinct content the tenant stores. */
  public long usage(String tenant) {
    return db.inTenant(tenant, jdbc -> usage(jdbc, tenant));
  }

  private static long usage(org.springframework.jdbc.core.simple.JdbcClient jdbc, String tenant) {
    return jdbc.sql("select coalesce(sum(size), 0) from file_blobs where tenant_id = :t")
        .param("t", tenant)
        .query(Long.class)
        .single();
  }

  private static void lock(org.springframework.jdbc.core.simple.JdbcClient jdbc, String tenant) {
    jdbc.sql("select pg_advisory_xact_lock(hashtext('files:' || :t))")
        .param("t", tenant)
        .query((rs, n) -> 1)
        .list();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static StoredFile row(ResultSet rs, int n) throws SQLException {
    Array tags = rs.getArray(7);
    return new StoredFile(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
        rs.getString(8),
        rs.getString(9),
        rs.getTimestamp(10).toInstant(),
        rs.getBoolean(11),
        JsonColumns.read(rs.getString(12), new TypeReference<List<DlpScanner.Finding>>() {}));
  }
}
