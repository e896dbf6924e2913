package dev.vigil.detections.engine;

import java.util.Map;

/** Reads a dotted path ({@code src.ip}, {@code attributes.LogonType}) from an event document. */
public final class Paths {

  private Paths() {}

  /** The value at the path, or null when a part is missing; {@code ""} counts as absent. */
  public static Object get(Map<String, Object> doc, String path) {
    Object cur = doc;
    int start = 0;
    while (true) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      int dot = path.indexOf('.', start);
      String part = dot < 0 ? path.substring(start) : path.substring(start, dot);
      cur = m.get(part);
      if (dot < 0) {
        return cur instanceof String s && s.isEmpty() ? null : cur;
      }
      // attributes keep source names, which may contain dots: try the rest as one key first.
      if (cur instanceof Map<?, ?> rest && rest.containsKey(path.substring(dot + 1))) {
        Object v = rest.get(path.substring(dot + 1));
        return v instanceof String s && s.isEmpty() ? null : v;
      }
      start = dot + 1;
    }
  }
}
