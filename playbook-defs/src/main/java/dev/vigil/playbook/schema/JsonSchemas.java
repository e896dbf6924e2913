package dev.vigil.playbook.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** JSON Schema 2020-12 compilation and checking, with findings located by JSON Pointer. */
public final class JsonSchemas {

  /** Classpath location of the published playbook schema. */
  public static final String PLAYBOOK_SCHEMA = "schema/playbook-v1.schema.json";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                  SchemaRegistryConfig.builder()
                      .pathType(PathType.JSON_POINTER)
                      .formatAssertionsEnabled(true)
                      .build()));

  private static final JsonNode PLAYBOOK_SCHEMA_NODE = readResource(PLAYBOOK_SCHEMA);
  private static final Schema PLAYBOOK = compile(PLAYBOOK_SCHEMA_NODE);

  private JsonSchemas() {}

  public static Schema compile(JsonNode schema) {
    return REGISTRY.getSchema(schema);
  }

  /** The playbook schema as published (GET /api/v1/schema/playbook serves this). */
  public static JsonNode playbookSchemaDocument() {
    return PLAYBOOK_SCHEMA_NODE.deepCopy();
  }

  public static List<Finding> checkPlaybook(JsonNode document) {
    return check(PLAYBOOK, document, "");
  }

  /**
   * Checks run inputs against a playbook's input schema (none = anything goes). Pointers are
   * relative to the inputs object, e.g. {@code /src_ip}.
   */
  public static List<Finding> checkInputs(
      java.util.Map<String, Object> inputSchema, Object inputs) {
    if (inputSchema == null || inputSchema.isEmpty()) {
      return List.of();
    }
    return check(compile(Json.toNode(inputSchema)), Json.toNode(inputs), "");
  }

  /**
   * Validates {@code instance}; each error becomes a finding whose pointer is {@code basePointer}
   * followed by the instance location.
   */
  public static List<Finding> check(Schema schema, JsonNode instance, String basePointer) {
    List<Finding> out = new ArrayList<>();
    for (Error e : schema.validate(instance)) {
      String location = e.getInstanceLocation().toString();
      String pointer = basePointer + (location.equals("/") ? "" : location);
      out.add(Finding.error(pointer, message(e)));
    }
    return out;
  }

  /** Plain words for the schema's own patterns, which users should not have to read as regexes. */
  private static final java.util.Map<String, String> PATTERN_MESSAGES =
      java.util.Map.of(
          "\\$\\{\\{[\\s\\S]*\\}\\}",
          "must be a CEL expression written as ${{ … }}",
          "^[A-Za-z_][A-Za-z0-9_]*$",
          "must be letters, digits and underscores, not starting with a digit (it is used in"
              + " expressions such as steps.<id>)",
          "^[a-z0-9][a-z0-9-]{1,62}$",
          "must be 2 to 63 lower-case letters, digits and dashes",
          "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$",
          "must be an action name namespace.name, e.g. core.log or wazuh.agents.list");

  private static String message(Error e) {
    if ("pattern".equals(e.getKeyword()) && e.getSchemaNode() != null) {
      String friendly = PATTERN_MESSAGES.get(e.getSchemaNode().asText());
      if (friendly != null) {
        return friendly;
      }
    }
    String m = e.getMessage();
    // Messages start with the instance location ("/steps/0: ..."); the pointer already says it.
    String location = e.getInstanceLocation().toString();
    if (m.startsWith(location + ": ")) {
      m = m.substring(location.length() + 2);
    } else if (m.startsWith(": ")) {
      m = m.substring(2);
    }
    return m;
  }

  /** A JSON document from the classpath (schemas, bundled definitions). */
  public static JsonNode readResource(String path) {
    try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
