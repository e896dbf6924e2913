package dev.vigil.detections.sigma;

import java.util.List;
import java.util.Map;

/**
 * The result of translating one Sigma document: the Vigil detection rule document (DESIGN §6.2, a
 * JSON-ready {@code LinkedHashMap}) and what could not be translated. A rule with problems must not
 * be published: parts of it would not mean what the Sigma rule means.
 */
public record Translation(Map<String, Object> rule, List<Finding> problems) {

  public Translation {
    problems = List.copyOf(problems);
  }

  /** True when the whole Sigma document was translated. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
