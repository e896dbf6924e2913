package dev.vigil.api.file;

import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.detections.dlp.DlpScanner;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditFilter;
import dev.vigil.store.audit.AuditLog;
import dev.vigil.store.billing.UsageCounters;
import dev.vigil.store.file.FileRepository;
import dev.vigil.store.file.FileRepository.Filter;
import dev.vigil.store.file.FileRepository.StoredFile;
import dev.vigil.store.file.FileStore;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import dev.vigil.store.system.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * The secure file store's API ({@code /api/v1/files}): uploads checked by {@link FileStore}, lists
 * and views scoped to the tenant and to what the caller's role may read, signed links, downloads
 * and deletions. Every upload (refusals too), link, download and deletion is audited; a file's view
 * carries its download trail from the audit log.
 */
@Service
public class Files {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Files.class);

  static final Pattern TAG = Pattern.compile("^[a-z0-9][a-z0-9._:-]{0,62}$");

  private final FileStore store;
  private final FileLinks links;
  private final TenantSettingsRepository settings;
  private final AuditLog auditLog;
  private final Audit audit;
  private final Entitlements entitlements;

  public Files(
      FileStore store,
      FileLinks links,
      TenantSettingsRepository settings,
      AuditLog auditLog,
      Audit audit,
      Entitlements entitlements) {
    this.entitlements = entitlements;
    this.store = store;
    this.links = links;
    this.settings = settings;
    this.auditLog = auditLog;
    this.audit = audit;
  }

  /** A file as the API shows it. */
  public record FileView(
      String fileId,
      String name,
      long size,
      String contentType,
      String sha256,
      String kind,
      List<String> tags,
      String readPermission,
      String createdBy,
      Instant createdAt,
      Dlp dlp,
      List<Download> downloads) {}

  /** What the DLP scan did: whether it read the content, and what it found. */
  public record Dlp(boolean scanned, List<DlpScanner.Finding> findings) {}

  /** One download from the audit trail. */
  public record Download(Instant at, String by, String via, String ip) {}

  /** The tenant's limits and usage, for the upload screen to check before sending. */
  public record Usage(
      long usedBytes, long quotaBytes, long maxUploadBytes, List<String> allowedTypes) {}

  public FileView upload(Actor actor, MultipartFile file, List<String> tags) {
    if (file == null) {
      throw ApiException.invalid("/file", "send the file in a multipart part named 'file'");
    }
    List<String> clean = tags(tags);
    String name = file.getOriginalFilename();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name == null ? "" : name);
    details.put("size", file.getSize());
    Long planBytes = entitlements.max(actor.tenant(), "fileStorageBytes");
    try (InputStream in = file.getInputStream()) {
      StoredFile f =
          store.store(actor.tenant(), name, in, clean, actor.user(), "upload", null, planBytes);
      details.put("sha256", f.sha256());
      details.put("contentType", f.contentType());
      details.put("dlp", f.dlp().stream().map(DlpScanner.Finding::pattern).toList());
      audit.record(actor, "file.upload", "file:" + f.id(), Audit.SUCCESS, details);
      return view(f, List.of());
    } catch (FileStore.Refused r) {
      details.put("reason", r.code);
      audit.record(actor, "file.upload", "file", Audit.REJECTED, details);
      throw switch (r.code) {
        case "too-large" ->
            new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "file-too-large", r.getMessage(), null);
        case "type-not-allowed" ->
            new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "file-type-not-allowed", r.getMessage(), null);
        default -> ApiException.invalid("/file", r.getMessage());
      };
    } catch (FileRepository.QuotaExceeded q) {
      boolean plan = planBytes != null && q.quota == planBytes;
      details.put("reason", plan ? "plan" : "quota");
      audit.record(actor, "file.upload", "file", Audit.REJECTED, details);
      if (plan) { // the plan's storage, not the tenant's own quota setting, is what is full
        throw entitlements.reached(
            actor.tenant(), "fileStorageBytes", new UsageCounters.LimitReached(q.used, q.size));
      }
      throw new ApiException(
              HttpStatus.PAYLOAD_TOO_LARGE, "file-quota-exceeded", q.getMessage(), null)
          .with("usedBytes", q.used)
          .with("quotaBytes", q.quota);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the upload could not be stored", e);
    }
  }

  static List<String> tags(List<String> tags) {
    List<String> out = new ArrayList<>();
    List<ApiException.FieldError> errors = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (String t : tags == null ? List.<String>of() : tags) {
      for (String one : t.split(",")) {
        if (!one.isBlank()) {
          all.add(one.trim());
        }
      }
    }
    for (int i = 0; i < all.size(); i++) {
      String t = all.get(i);
      if (!TAG.matcher(t).matches()) {
        errors.add(
            new ApiException.FieldError(
                "/tags/" + i,
                "'" + t + "' is not a tag",
                "lower-case letters, digits and . _ : -, at most 63"));
      } else if (!out.contains(t)) {
        out.add(t);
      }
    }
    if (out.size() > 20) {
      errors.add(new ApiException.FieldError("/tags", "at most 20 tags", null));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("the tags have " + errors.size() + " error(s)", errors);
    }
    return out;
  }

  public Page<FileView> list(
      Actor actor,
      String tag,
      String type,
      String kind,
      Instant from,
      Instant to,
      String q,
      Integer limit,
      String cursor) {
    if (kind != null && !kind.equals("upload") && !kind.equals("report")) {
      throw ApiException.invalid("/kind", "kind must be upload or report");
    }
    int n = limit == null ? 50 : Math.max(1, Math.min(200, limit));
    Page<StoredFile> page =
        store
            .files()
            .list(
                actor.tenant(),
                new Filter(tag, type, kind, from, to, q, readable(actor)),
                n,
                cursor);
    return new Page<>(page.items().stream().map(f -> view(f, null)).toList(), page.nextCursor());
  }

  private static List<String> readable(Actor actor) {
    return actor.permissions().stream().map(Permission::key).toList();
  }

  /** The file with its download trail; 404 for another tenant's or one the role may not read. */
  public FileView get(Actor actor, String id) {
    StoredFile f = find(actor, id);
    List<Download> downloads = new ArrayList<>();
    for (AuditEntry e :
        auditLog
            .list(
                actor.tenant(),
                new AuditFilter("file.download", null, Audit.SUCCESS, null, null, "file:" + f.id()),
                100,
                null)
            .items()) {
      Object request = e.details().get("request");
      Map<?, ?> r = request instanceof Map<?, ?> m ? m : Map.of();
      downloads.add(
          new Download(
              e.at(),
              e.actor(),
              String.valueOf(e.details().getOrDefault("via", r.get("via"))),
              r.get("ip") == null ? null : r.get("ip").toString()));
    }
    return view(f, downloads);
  }

  StoredFile find(Actor actor, String id) {
    StoredFile f =
        store
            .files()
            .get(actor.tenant(), id)
            .orElseThrow(() -> ApiException.notFound("no file " + id));
    if (f.readPermission() != null
        && Permission.of(f.readPermission()).map(p -> !actor.can(p)).orElse(true)) {
      throw ApiException.notFound("no file " + id);
    }
    return f;
  }

  public FileLinks.Link link(Actor actor, String id) {
    StoredFile f = find(actor, id);
    FileLinks.Link link = links.sign(actor.tenant(), f.id(), actor.user());
    audit.record(
        actor,
        "file.link",
        "file:" + f.id(),
        Audit.SUCCESS,
        Map.of("name", f.name(), "expiresAt", link.expiresAt().toString()));
    return link;
  }

  /** An open download: the file and its content, audited. */
  public record Opened(StoredFile file, InputStream content) {}

  public Opened download(Actor actor, String id) {
    StoredFile f = find(actor, id);
    InputStream in = open(actor.tenant(), f);
    audit.record(actor, "file.download", "file:" + f.id(), Audit.SUCCESS, downloaded(f, "api"));
    return new Opened(f, in);
  }

  /** A download through a signed link: the link's member is the one audited. */
  public Opened downloadByLink(String token, HttpServletRequest req) {
    FileLinks.Grant g;
    try {
      g = links.verify(token);
    } catch (ApiException e) {
      // no tenant can be trusted from a forged link: the log keeps it, no tenant's trail does
      log.warn("a forged or altered download link was refused (from {})", req.getRemoteAddr());
      throw e;
    }
    if (links.expired(g)) {
      audit.recordUnauthenticated(
          g.tenant(),
          g.user(),
          "file.download",
          "file:" + g.fileId(),
          Audit.DENIED,
          Map.of("reason", "link-expired", "via", "link"),
          req);
      throw FileLinks.expiredProblem(g);
    }
    StoredFile f =
        store
            .files()
            .get(g.tenant(), g.fileId())
            .orElseThrow(() -> ApiException.notFound("the file of this link was deleted"));
    InputStream in = open(g.tenant(), f);
    Map<String, Object> details = downloaded(f, "link");
    details.put("linkExpiresAt", g.expiresAt().toString());
    audit.recordUnauthenticated(
        g.tenant(), g.user(), "file.download", "file:" + f.id(), Audit.SUCCESS, details, req);
    return new Opened(f, in);
  }

  private static Map<String, Object> downloaded(StoredFile f, String via) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", f.name());
    d.put("sha256", f.sha256());
    d.put("size", f.size());
    d.put("via", via);
    return d;
  }

  private InputStream open(String tenant, StoredFile f) {
    try {
      return store.open(tenant, f);
    } catch (java.nio.file.NoSuchFileException e) {
      throw ApiException.unavailable(
          "the content of "
              + f.name()
              + " is missing from the file store ("
              + store.blobs().kind()
              + ")");
    } catch (IOException e) {
      throw ApiException.unavailable("the file store cannot be read: " + e.getMessage());
    }
  }

  public void delete(Actor actor, String id) {
    StoredFile f = find(actor, id);
    store.delete(actor.tenant(), f.id());
    audit.record(
        actor,
        "file.delete",
        "file:" + f.id(),
        Audit.SUCCESS,
        Map.of("name", f.name(), "sha256", f.sha256()));
  }

  public Usage usage(Actor actor) {
    TenantSettings s = settings.get(actor.tenant());
    return new Usage(
        store.files().usage(actor.tenant()),
        s.fileQuotaBytes(),
        s.maxUploadBytes(),
        store.allowedTypes());
  }

  static FileView view(StoredFile f, List<Download> downloads) {
    return new FileView(
        f.id(),
        f.name(),
        f.size(),
        f.contentType(),
        f.sha256(),
        f.kind(),
        f.tags(),
        f.readPermission(),
        f.createdBy(),
        f.createdAt(),
        new Dlp(f.dlpScanned(), f.dlp()),
        downloads);
  }
}
