package dev.vigil.store.file;

import dev.vigil.detections.dlp.DlpScanner;
import dev.vigil.detections.event.Event;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.event.EventWriter;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The secure file store (OWASP's file-upload rules): an upload is streamed to a private temporary
 * file while it is hashed and counted (refused as soon as it passes the tenant's maximum), its type
 * is found from its content and must be on the allow-list, text is scanned for sensitive data
 * (DLP), and the content is stored once per tenant under its SHA-256 — within the tenant's quota —
 * before its metadata commits. A DLP finding is also ingested as a {@code dlp} event, which the
 * bundled rule turns into an alert. Generated reports are stored the same way.
 */
public class FileStore {

  /** The event format of DLP findings. */
  public static final String DLP_FORMAT = "dlp";

  /** The most text a DLP scan reads from one file. */
  static final long DLP_MAX_CHARS = 64L << 20;

  /** Why content was not stored; {@code code} names the rule. */
  public static final class Refused extends RuntimeException {
    public final String code;

    Refused(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  private final FileRepository files;
  private final TenantSettingsRepository settings;
  private final EventWriter events;
  private final BlobStore blobs;
  private final Path tmp;
  private final List<String> allowed;
  private final Clock clock;

  /**
   * @param tmp where uploads are spooled while they are checked (private to the process)
   * @param allowedTypes the types stored (see {@link FileTypes#DEFAULT_ALLOWED})
   */
  public FileStore(
      DataSource dataSource, BlobStore blobs, Path tmp, List<String> allowedTypes, Clock clock)
      throws IOException {
    this.files = new FileRepository(dataSource);
    this.settings = new TenantSettingsRepository(dataSource);
    this.events = new EventWriter(dataSource);
    this.blobs = blobs;
    this.tmp = Files.createDirectories(tmp);
    this.allowed = List.copyOf(allowedTypes);
    this.clock = clock;
  }

  public FileRepository files() {
    return files;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public List<String> allowedTypes() {
    return allowed;
  }

  /**
   * Checks and stores {@code content}.
   *
   * @param kind {@code upload} or {@code report}
   * @param readPermission the permission a reader needs besides {@code file.read}, or null
   * @throws Refused for content that is too large, empty or of a type that is not allowed
   * @throws FileRepository.QuotaExceeded when new content would exceed the tenant's quota
   */
  public StoredFile store(
      String tenant,
      String name,
      InputStream content,
      List<String> tags,
      String createdBy,
      String kind,
      String readPermission)
      throws IOException {
    return store(tenant, name, content, tags, createdBy, kind, readPermission, null);
  }

  /**
   * {@link #store(String, String, InputStream, List, String, String, String)} within a second bound
   * on the tenant's stored bytes besides its quota setting: its plan's {@code fileStorageBytes}
   * ({@code planBytes}, null for none).
   */
  public StoredFile store(
      String tenant,
      String name,
      InputStream content,
      List<String> tags,
      String createdBy,
      String kind,
      String readPermission,
      Long planBytes)
      throws IOException {
    TenantSettings s = settings.get(tenant);
    String clean = FileTypes.sanitise(name);
    Path spool = Files.createTempFile(tmp, "upload-", ".part");
    try {
      MessageDigest sha = sha256();
      long size = copy(content, spool, sha, s.maxUploadBytes());
      if (size == 0) {
        throw new Refused("empty", "the file is empty");
      }
      String type = FileTypes.detect(spool, clean);
      if (!allowed.contains(type)) {
        throw new Refused(
            "type-not-allowed",
            "files of type "
                + type
                + " (found from the content, not the name) are not allowed here; allowed: "
                + String.join(", ", allowed));
      }
      List<DlpScanner.Finding> dlp = List.of();
      boolean scanned = FileTypes.isText(type);
      if (scanned) {
        dlp = scan(spool, s);
      }
      String digest = HexFormat.of().formatHex(sha.digest());
      UUID id = UUID.randomUUID();
      StoredFile stored =
          files.insert(
              tenant,
              id,
              clean,
              digest,
              size,
              type,
              kind,
              tags,
              readPermission,
              createdBy,
              scanned,
              dlp,
              planBytes == null ? s.fileQuotaBytes() : Math.min(s.fileQuotaBytes(), planBytes),
              () -> blobs.put(tenant, digest, spool));
      if (!dlp.isEmpty()) {
        publishDlp(tenant, stored);
      }
      return stored;
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  /** The stored content of {@code file}. */
  public InputStream open(String tenant, StoredFile file) throws IOException {
    return blobs.open(tenant, file.sha256());
  }

  /** Deletes a file, and its content if no other file of the tenant has it. */
  public Optional<StoredFile> delete(String tenant, String id) {
    return files.delete(tenant, id, sha -> blobs.delete(tenant, sha));
  }

  private static long copy(InputStream in, Path to, MessageDigest sha, long max)
      throws IOException {
    long n = 0;
    byte[] buf = new byte[1 << 16];
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(to), sha)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
        if (n > max) {
          throw new Refused(
              "too-large", "the file is larger than the tenant's maximum of " + max + " bytes");
        }
        out.write(buf, 0, r);
      }
    }
    return n;
  }

  private static List<DlpScanner.Finding> scan(Path file, TenantSettings s) throws IOException {
    Map<String, String> custom = new LinkedHashMap<>();
    for (TenantSettings.DlpPattern p : s.dlpPatterns()) {
      custom.put(p.name(), p.regex());
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
      return DlpScanner.of(custom).scan(r, DLP_MAX_CHARS);
    }
  }

  private void publishDlp(String tenant, StoredFile f) {
    java.time.Instant now = clock.instant();
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("fileId", f.id());
    attributes.put("name", f.name());
    attributes.put("sha256", f.sha256());
    attributes.put("contentType", f.contentType());
    attributes.put("findings", f.dlp());
    StringBuilder what = new StringBuilder();
    for (DlpScanner.Finding d : f.dlp()) {
      what.append(what.isEmpty() ? "" : ", ").append(d.pattern()).append(" ×").append(d.count());
    }
    Event e =
        new Event(
            UUID.nameUUIDFromBytes((tenant + "/dlp/" + f.id()).getBytes(StandardCharsets.UTF_8))
                .toString(),
            tenant,
            now,
            now,
            new Event.Source(DLP_FORMAT, "vigil-files", null),
            "storage",
            "finding",
            "dlp_match",
            "unknown",
            7,
            "Sensitive data in " + f.kind() + " " + f.name() + ": " + what,
            Event.Actor.user(f.createdBy(), null),
            null,
            null,
            new Event.Target("file", f.id(), f.name()),
            attributes,
            Json.write(attributes));
    events.append(tenant, "files", DLP_FORMAT, List.of(e), 0, "dlp:" + f.id(), "{}");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
