package dev.vigil.api.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.detections.rule.RuleValidator;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Detection rules: schema, validate, publish, Sigma import, enable, test, read. */
@RestController
public class DetectionController {

  private final Detections detections;
  private final RuleTests tests;

  public DetectionController(Detections detections, RuleTests tests) {
    this.detections = detections;
    this.tests = tests;
  }

  /** The enable switch's body. */
  public record EnabledRequest(Boolean enabled) {}

  @GetMapping("/api/v1/schema/detection")
  @Requires(Permission.DETECTION_READ)
  public JsonNode schema(Actor actor) {
    return RuleValidator.schemaDocument();
  }

  @PostMapping(path = "/api/v1/detections/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.DETECTION_READ)
  public Detections.ValidationView validate(Actor actor, @RequestBody String definition) {
    return detections.validate(definition);
  }

  @PostMapping(path = "/api/v1/detections", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.DETECTION_MANAGE)
  public ResponseEntity<Detections.PublishedView> publish(
      Actor actor, @RequestBody String definition) {
    Detections.PublishedView v = detections.publish(actor, definition, "api");
    return ResponseEntity.status(v.created() ? HttpStatus.CREATED : HttpStatus.OK).body(v);
  }

  @PostMapping(
      path = "/api/v1/detections/sigma",
      consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
  @Requires(Permission.DETECTION_MANAGE)
  public ResponseEntity<Detections.SigmaView> sigma(
      Actor actor,
      @RequestBody(required = false) String yaml,
      @RequestParam(defaultValue = "false") boolean dryRun) {
    Detections.SigmaView v = detections.sigma(actor, yaml, dryRun);
    return ResponseEntity.status(
            v.published() != null && v.published().created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(v);
  }

  @GetMapping("/api/v1/detections")
  @Requires(Permission.DETECTION_READ)
  public Map<String, List<Detections.RuleSummary>> list(Actor actor) {
    return detections.list(actor);
  }

  @GetMapping("/api/v1/detections/{key}")
  @Requires(Permission.DETECTION_READ)
  public Detections.RuleView get(
      Actor actor, @PathVariable String key, @RequestParam(required = false) Integer version) {
    return detections.get(actor, key, version);
  }

  @PostMapping(
      path = "/api/v1/detections/{key}/enabled",
      consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.DETECTION_MANAGE)
  public Detections.RuleSummary enabled(
      Actor actor, @PathVariable String key, @RequestBody EnabledRequest body) {
    return detections.setEnabled(actor, key, body == null ? null : body.enabled());
  }

  @PostMapping(path = "/api/v1/detections/{key}/test", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Requires(Permission.DETECTION_READ)
  public RuleTests.TestResult test(
      Actor actor,
      @PathVariable String key,
      @RequestBody(required = false) RuleTests.TestRequest body) {
    return tests.test(actor, key, body);
  }
}
