package dev.vigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * YAML as Jackson trees. SnakeYAML (which Jackson's YAML module brings) loads the documents because
 * it resolves anchors, aliases and merge keys ({@code <<: *vigil-common}), as docker-compose does;
 * Jackson's own YAML parser does not.
 */
final class Yaml {

  static final ObjectMapper JSON = new ObjectMapper();

  private Yaml() {}

  static JsonNode parse(String text) {
    return JSON.valueToTree(loader().load(text));
  }

  /** Every non-empty document of a multi-document stream (Helm output). */
  static List<JsonNode> parseAll(String text) {
    List<JsonNode> out = new ArrayList<>();
    for (Object doc : loader().loadAll(text)) {
      if (doc != null) {
        out.add(JSON.valueToTree(doc));
      }
    }
    return out;
  }

  private static org.yaml.snakeyaml.Yaml loader() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new org.yaml.snakeyaml.Yaml(options);
  }
}
