package dev.vigil.api.playbook;

import dev.vigil.api.playbook.Playbooks.PlaybookView;
import dev.vigil.api.playbook.Playbooks.ValidationView;
import dev.vigil.api.playbook.Playbooks.VersionView;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.PlanModule;
import dev.vigil.api.system.Requires;
import dev.vigil.store.playbook.PlaybookSummary;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Validate, publish and read playbooks. */
@RestController
@RequestMapping("/api/v1/playbooks")
public class PlaybookController {

  private final Playbooks service;

  public PlaybookController(Playbooks service) {
    this.service = service;
  }

  @PostMapping(path = "/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.PLAYBOOK_READ)
  public ValidationView validate(Actor actor, @RequestBody String definition) {
    return service.validate(actor, definition);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.PLAYBOOK_PUBLISH)
  @PlanModule("advanced_playbooks") // the bundled playbooks run on every plan
  public ResponseEntity<VersionView> publish(Actor actor, @RequestBody String definition) {
    VersionView v = VersionView.of(service.publish(actor, definition, false));
    return ResponseEntity.status(v.created() ? HttpStatus.CREATED : HttpStatus.OK).body(v);
  }

  @GetMapping
  @Requires(Permission.PLAYBOOK_READ)
  public PageView<PlaybookSummary> list(
      Actor actor,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return service.list(actor, limit, cursor);
  }

  @GetMapping("/{key}")
  @Requires(Permission.PLAYBOOK_READ)
  public PlaybookView get(
      Actor actor, @PathVariable String key, @RequestParam(required = false) Integer version) {
    return service.get(actor, key, version);
  }
}
