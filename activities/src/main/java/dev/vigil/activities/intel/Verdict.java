package dev.vigil.activities.intel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One provider's normalised opinion of an indicator.
 *
 * @param score 0 (nothing known against it) to 100 (certainly malicious)
 * @param malicious whether the provider counts it as malicious
 * @param categories what the provider says it is (tags, categories, pulse names), deduplicated
 * @param found false when the provider knows nothing of it (its 404)
 * @param raw the parts of the provider's answer the verdict came from
 */
public record Verdict(
    int score, boolean malicious, List<String> categories, boolean found, Map<String, Object> raw) {

  public Verdict {
    score = Math.max(0, Math.min(100, score));
    categories =
        categories.stream().filter(c -> c != null && !c.isBlank()).distinct().limit(50).toList();
  }

  static Verdict unknown() {
    return new Verdict(0, false, List.of(), false, Map.of("found", false));
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("score", score);
    m.put("malicious", malicious);
    m.put("categories", categories);
    m.put("found", found);
    m.put("raw", raw);
    return m;
  }
}
