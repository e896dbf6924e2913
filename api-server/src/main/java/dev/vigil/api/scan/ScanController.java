package dev.vigil.api.scan;

import dev.vigil.api.scan.Scans.ScanView;
import dev.vigil.api.scan.Scans.StartScan;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import dev.vigil.store.scan.ScanRepository.Finding;
import dev.vigil.store.system.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Network scans: start, list, watch, cancel, export. */
@PlanModule("scans")
@RestController
public class ScanController {

  private final Scans scans;
  private final Audit audit;
  private final com.fasterxml.jackson.databind.ObjectMapper json;
  private final ScanStream stream;
  private final dev.vigil.api.report.Reports reports;
  private final dev.vigil.api.file.Files files;

  public ScanController(
      Scans scans,
      Audit audit,
      com.fasterxml.jackson.databind.ObjectMapper json,
      ScanStream stream,
      dev.vigil.api.report.Reports reports,
      dev.vigil.api.file.Files files) {
    this.scans = scans;
    this.stream = stream;
    this.reports = reports;
    this.files = files;
    this.audit = audit;
    this.json = json;
  }

  @PostMapping("/api/v1/scans")
  @Requires(Permission.SCAN_RUN)
  public ResponseEntity<ScanView> start(
      Actor actor, @RequestBody(required = false) StartScan body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(scans.start(actor, body));
  }

  @GetMapping("/api/v1/scans")
  @Requires(Permission.SCAN_READ)
  public Page<ScanView> list(
      Actor actor,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return scans.list(actor, status, limit, cursor);
  }

  /**
   * The tenant's scan changes as Server-Sent Events: {@code connected}, then one {@code scan} event
   * (the list item) per change — each progress heartbeat of a running scan included.
   */
  @GetMapping(path = "/api/v1/scans/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Requires(Permission.SCAN_READ)
  public SseEmitter stream(Actor actor) {
    return stream.subscribe(actor.tenant());
  }

  @GetMapping("/api/v1/scans/{id}")
  @Requires(Permission.SCAN_READ)
  public ScanView get(Actor actor, @PathVariable String id) {
    return scans.get(actor, id);
  }

  @PostMapping("/api/v1/scans/{id}/cancel")
  @Requires(Permission.SCAN_RUN)
  public ResponseEntity<ScanView> cancel(Actor actor, @PathVariable String id) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(scans.cancel(actor, id));
  }

  /**
   * The scan's findings as a file: {@code csv} (one row a host port), {@code json}, or {@code pdf}
   * — a scan report generated now (kept in the file store, listed under reports).
   */
  @GetMapping("/api/v1/scans/{id}/export")
  @Requires(Permission.SCAN_READ)
  public ResponseEntity<?> export(
      Actor actor, @PathVariable String id, @RequestParam(defaultValue = "csv") String format) {
    if (!format.equals("csv") && !format.equals("json") && !format.equals("pdf")) {
      throw ApiException.invalid("/format", "format must be csv, json or pdf");
    }
    ScanView scan = scans.get(actor, id);
    if (format.equals("pdf")) {
      com.fasterxml.jackson.databind.node.ObjectNode body = json.createObjectNode();
      body.put("type", "scan")
          .put("format", "pdf")
          .putObject("params")
          .put("scanId", scan.scanId());
      String fileId = reports.generateAndWait(actor, body, java.time.Duration.ofSeconds(60));
      audit.record(
          actor, "scan.export", "scan:" + scan.scanId(), Audit.SUCCESS, Map.of("format", format));
      return dev.vigil.api.file.FileController.send(files.download(actor, fileId));
    }
    String body;
    MediaType type;
    if (format.equals("csv")) {
      List<List<Object>> rows = new ArrayList<>();
      for (Finding f : scans.findings(actor, id)) {
        if (f.kind().equals("port")) {
          rows.add(
              java.util.Arrays.asList(
                  f.address(),
                  f.hostname(),
                  f.protocol(),
                  f.port(),
                  f.state(),
                  f.service(),
                  f.product(),
                  f.version(),
                  f.extraInfo(),
                  String.join(" ", f.cpe())));
        }
      }
      body =
          dev.vigil.store.file.CsvExport.write(
              List.of(
                  "host",
                  "hostname",
                  "protocol",
                  "port",
                  "state",
                  "service",
                  "product",
                  "version",
                  "extra_info",
                  "cpe"),
              rows);
      type = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    } else {
      try {
        body = json.writeValueAsString(scan);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      type = MediaType.APPLICATION_JSON;
    }
    audit.record(
        actor, "scan.export", "scan:" + scan.scanId(), Audit.SUCCESS, Map.of("format", format));
    return ResponseEntity.ok()
        .contentType(type)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"scan-" + scan.scanId() + "." + format + "\"")
        .header("X-Content-Type-Options", "nosniff")
        .body(body);
  }
}
