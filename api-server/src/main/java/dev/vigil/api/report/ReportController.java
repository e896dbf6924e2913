package dev.vigil.api.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.report.Reports.ReportView;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import dev.vigil.store.system.Page;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reports: generate one (202), list them, read one's status and file. */
@PlanModule("downloads")
@RestController
public class ReportController {

  private final Reports reports;

  public ReportController(Reports reports) {
    this.reports = reports;
  }

  @PostMapping("/api/v1/reports")
  @Requires(Permission.REPORT_CREATE)
  public ResponseEntity<ReportView> create(
      Actor actor, @RequestBody(required = false) JsonNode body) {
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(reports.create(actor, body));
  }

  @GetMapping("/api/v1/reports")
  @Requires(Permission.REPORT_READ)
  public Page<ReportView> list(
      Actor actor,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return reports.list(actor, type, status, limit, cursor);
  }

  @GetMapping("/api/v1/reports/{id}")
  @Requires(Permission.REPORT_READ)
  public ReportView get(Actor actor, @PathVariable String id) {
    return reports.get(actor, id);
  }
}
