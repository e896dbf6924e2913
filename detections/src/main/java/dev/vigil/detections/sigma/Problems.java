package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.List;

/** Collects findings; {@link #under} gives a view that prefixes pointers (a document's index). */
final class Problems {

  private final List<Finding> sink;
  private final String prefix;

  Problems() {
    this(new ArrayList<>(), "");
  }

  private Problems(List<Finding> sink, String prefix) {
    this.sink = sink;
    this.prefix = prefix;
  }

  Problems under(String pointerPrefix) {
    return new Problems(sink, prefix + pointerPrefix);
  }

  void add(String pointer, String message) {
    sink.add(new Finding(prefix + pointer, message));
  }

  int size() {
    return sink.size();
  }

  List<Finding> list() {
    return List.copyOf(sink);
  }

  /** Escapes one reference token of a JSON Pointer (RFC 6901). */
  static String token(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  static String pointer(String... tokens) {
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      sb.append('/').append(token(t));
    }
    return sb.toString();
  }
}
