package dev.vigil.api.file;

import dev.vigil.api.file.Files.FileView;
import dev.vigil.api.file.Files.Opened;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Public;
import dev.vigil.api.system.Requires;
import dev.vigil.store.system.Page;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The secure file store: upload, list, view, link, download, delete. */
@PlanModule("downloads")
@RestController
public class FileController {

  private final Files files;

  public FileController(Files files) {
    this.files = files;
  }

  @PostMapping(path = "/api/v1/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Requires(Permission.FILE_UPLOAD)
  public ResponseEntity<FileView> upload(
      Actor actor,
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "tags", required = false) List<String> tags) {
    return ResponseEntity.status(HttpStatus.CREATED).body(files.upload(actor, file, tags));
  }

  @GetMapping("/api/v1/files")
  @Requires(Permission.FILE_READ)
  public Page<FileView> list(
      Actor actor,
      @RequestParam(required = false) String tag,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant to,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return files.list(actor, tag, type, kind, from, to, q, limit, cursor);
  }

  /** The tenant's usage, quota, largest upload and the types allowed. */
  @GetMapping("/api/v1/files/usage")
  @Requires(Permission.FILE_READ)
  public Files.Usage usage(Actor actor) {
    return files.usage(actor);
  }

  @GetMapping("/api/v1/files/{id}")
  @Requires(Permission.FILE_READ)
  public FileView get(Actor actor, @PathVariable String id) {
    return files.get(actor, id);
  }

  /** A signed link that downloads the file without signing in, for a few minutes. */
  @PostMapping("/api/v1/files/{id}/link")
  @Requires(Permission.FILE_READ)
  public FileLinks.Link link(Actor actor, @PathVariable String id) {
    return files.link(actor, id);
  }

  @GetMapping("/api/v1/files/{id}/download")
  @Requires(Permission.FILE_READ)
  public ResponseEntity<InputStreamResource> download(Actor actor, @PathVariable String id) {
    return send(files.download(actor, id));
  }

  @GetMapping(FileLinks.PATH + "{token}")
  @Public
  public ResponseEntity<InputStreamResource> downloadByLink(
      @PathVariable String token, HttpServletRequest request) {
    return send(files.downloadByLink(token, request));
  }

  @DeleteMapping("/api/v1/files/{id}")
  @Requires(Permission.FILE_DELETE)
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String id) {
    files.delete(actor, id);
    return ResponseEntity.noContent().build();
  }

  /**
   * The content as an attachment, never rendered: {@code nosniff}, a sandboxing CSP, the stored
   * (content-detected) type, the SHA-256 as the ETag.
   */
  public static ResponseEntity<InputStreamResource> send(Opened o) {
    InputStream in = o.content();
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(o.file().name(), java.nio.charset.StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .eTag("\"" + o.file().sha256() + "\"")
        .contentType(MediaType.parseMediaType(o.file().contentType()))
        .contentLength(o.file().size())
        .body(new InputStreamResource(in));
  }
}
