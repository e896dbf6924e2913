package dev.vigil.detections.sigma;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the YAML documents of a Sigma file (one rule, or a correlation and its rules). */
final class SigmaYaml {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SigmaYaml() {}

  /** The documents, empty ones skipped; null with a finding when the YAML is not maps. */
  static List<Map<String, Object>> read(String yaml, Problems problems) {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        Object doc = it.nextValue();
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map<?, ?>)) {
          problems.add("", "document " + docs.size() + " is not a YAML map");
          return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) doc;
        docs.add(m);
      }
    } catch (IOException | RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = m.indexOf('\n');
      problems.add("", "not valid YAML: " + (nl < 0 ? m : m.substring(0, nl)));
      return null;
    }
    if (docs.isEmpty()) {
      problems.add("", "no Sigma rule in the YAML");
      return null;
    }
    return docs;
  }
}
