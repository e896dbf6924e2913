package dev.vigil.playbook.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.vigil.playbook.limits.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published schema is itself valid 2020-12, documents every property and covers every kind. */
class PlaybookSchemaTest {

  final JsonNode schema = JsonSchemas.playbookSchemaDocument();

  @Test
  void isAValid2020_12Schema() {
    var meta =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(
                com.networknt.schema.SchemaLocation.of(
                    "https://json-schema.org/draft/2020-12/schema"));
    assertThat(meta.validate(schema)).isEmpty();
    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
  }

  @Test
  void boundsInTheSchemaAreTheLimitsConstants() {
    JsonNode step = schema.path("$defs").path("step").path("properties");
    assertThat(step.path("parallel").path("maxItems").asInt())
        .isEqualTo(Limits.MAX_PARALLEL_BRANCHES);
    assertThat(step.path("concurrency").path("maximum").asInt())
        .isEqualTo(Limits.MAX_FOR_EACH_CONCURRENCY);
  }

  @Test
  void everyPropertyHasADescription() {
    List<String> missing = new ArrayList<>();
    walk(schema, "", missing);
    assertThat(missing).isEmpty();
  }

  @Test
  void stepDeclaresEveryKindAndCommonField() {
    JsonNode props = schema.path("$defs").path("step").path("properties");
    for (String k :
        List.of(
            "action",
            "if",
            "switch",
            "forEach",
            "parallel",
            "approval",
            "wait",
            "playbook",
            "set",
            "fail",
            "id",
            "name",
            "when",
            "timeout",
            "retry",
            "onError",
            "undo")) {
      assertThat(props.has(k)).as(k).isTrue();
    }
    assertThat(schema.path("$defs").path("step").path("examples").size()).isPositive();
  }

  private void walk(JsonNode node, String path, List<String> missing) {
    if (node.isObject()) {
      JsonNode props = node.get("properties");
      if (props != null && props.isObject()) {
        for (Map.Entry<String, JsonNode> e : props.properties()) {
          if (!e.getValue().has("description")) {
            missing.add(path + "/properties/" + e.getKey());
          }
        }
      }
      node.properties().stream()
          .filter(e -> !List.of("examples", "default", "const", "enum").contains(e.getKey()))
          .forEach(e -> walk(e.getValue(), path + "/" + e.getKey(), missing));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, missing);
      }
    }
  }
}
