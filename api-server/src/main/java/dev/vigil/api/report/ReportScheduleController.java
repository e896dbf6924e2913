package dev.vigil.api.report;

import dev.vigil.api.report.ReportSchedules.ChangeSchedule;
import dev.vigil.api.report.ReportSchedules.CreateSchedule;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import dev.vigil.store.report.ReportScheduleRepository.Schedule;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Report schedules: create, list, read, pause/resume, run now, delete. */
@PlanModule("downloads")
@RestController
public class ReportScheduleController {

  private final ReportSchedules service;

  public ReportScheduleController(ReportSchedules service) {
    this.service = service;
  }

  @PostMapping("/api/v1/report-schedules")
  @Requires(Permission.REPORT_CREATE)
  public ResponseEntity<Schedule> create(
      Actor actor, @RequestBody(required = false) CreateSchedule body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @GetMapping("/api/v1/report-schedules")
  @Requires(Permission.REPORT_READ)
  public Map<String, List<Schedule>> list(Actor actor) {
    return Map.of("items", service.list(actor));
  }

  @GetMapping("/api/v1/report-schedules/{name}")
  @Requires(Permission.REPORT_READ)
  public Schedule get(Actor actor, @PathVariable String name) {
    return service.get(actor, name);
  }

  @PatchMapping("/api/v1/report-schedules/{name}")
  @Requires(Permission.REPORT_CREATE)
  public Schedule change(
      Actor actor, @PathVariable String name, @RequestBody(required = false) ChangeSchedule body) {
    return service.change(actor, name, body);
  }

  @PostMapping("/api/v1/report-schedules/{name}/run")
  @Requires(Permission.REPORT_CREATE)
  public ResponseEntity<Void> run(Actor actor, @PathVariable String name) {
    service.runNow(actor, name);
    return ResponseEntity.accepted().build();
  }

  @DeleteMapping("/api/v1/report-schedules/{name}")
  @Requires(Permission.REPORT_CREATE)
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String name) {
    service.delete(actor, name);
    return ResponseEntity.noContent().build();
  }
}
