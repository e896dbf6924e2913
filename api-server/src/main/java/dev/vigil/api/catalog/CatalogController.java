package dev.vigil.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import dev.vigil.playbook.catalog.ActionCatalog;
import dev.vigil.playbook.catalog.ActionDefinition;
import dev.vigil.playbook.schema.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The language's published contract: the playbook JSON Schema and the action catalog. */
@RestController
@RequestMapping("/api/v1")
public class CatalogController {

  @GetMapping("/schema/playbook")
  @Requires(Permission.PLAYBOOK_READ)
  public JsonNode schema() {
    return JsonSchemas.playbookSchemaDocument();
  }

  @GetMapping("/actions")
  @Requires(Permission.PLAYBOOK_READ)
  public List<Map<String, Object>> actions() {
    return ActionCatalog.bundled().all().stream().map(CatalogController::view).toList();
  }

  private static Map<String, Object> view(ActionDefinition a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("title", a.title());
    m.put("description", a.description());
    m.put("sideEffect", a.sideEffect().key());
    if (a.readWhen() != null) {
      m.put("readWhen", Map.of("field", a.readWhen().field(), "in", a.readWhen().values()));
    }
    m.put("timeout", a.timeout());
    m.put("retry", a.retry());
    m.put("nonRetryableErrors", a.nonRetryableErrors());
    m.put("undoHint", a.undoHint());
    m.put("input", a.input());
    m.put("output", a.output());
    return m;
  }
}
