package dev.vigil.api.scan;

import dev.vigil.api.scan.ScanSchedules.ChangeSchedule;
import dev.vigil.api.scan.ScanSchedules.CreateSchedule;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import dev.vigil.store.scan.ScanScheduleRepository.Schedule;
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

/** Scan schedules: create, list, read, pause/resume, delete. */
@PlanModule("scans")
@RestController
public class ScanScheduleController {

  private final ScanSchedules service;

  public ScanScheduleController(ScanSchedules service) {
    this.service = service;
  }

  @PostMapping("/api/v1/scan-schedules")
  @Requires(Permission.SCAN_RUN)
  public ResponseEntity<Schedule> create(
      Actor actor, @RequestBody(required = false) CreateSchedule body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(service.create(actor, body));
  }

  @GetMapping("/api/v1/scan-schedules")
  @Requires(Permission.SCAN_READ)
  public Map<String, List<Schedule>> list(Actor actor) {
    return Map.of("items", service.list(actor));
  }

  @GetMapping("/api/v1/scan-schedules/{name}")
  @Requires(Permission.SCAN_READ)
  public Schedule get(Actor actor, @PathVariable String name) {
    return service.get(actor, name);
  }

  @PatchMapping("/api/v1/scan-schedules/{name}")
  @Requires(Permission.SCAN_RUN)
  public Schedule change(
      Actor actor, @PathVariable String name, @RequestBody(required = false) ChangeSchedule body) {
    return service.change(actor, name, body);
  }

  @DeleteMapping("/api/v1/scan-schedules/{name}")
  @Requires(Permission.SCAN_RUN)
  public ResponseEntity<Void> delete(Actor actor, @PathVariable String name) {
    service.delete(actor, name);
    return ResponseEntity.noContent().build();
  }
}
