package dev.vigil.detections.engine;

import dev.vigil.playbook.expression.Expressions;
import java.util.Map;

/** The text key of a group: its values joined by the unit separator (fields are fixed per rule). */
final class GroupKeys {

  private GroupKeys() {}

  static String of(Map<String, Object> group) {
    if (group.isEmpty()) {
      return "*";
    }
    StringBuilder sb = new StringBuilder();
    for (Object v : group.values()) {
      if (!sb.isEmpty()) {
        sb.append('\u001f');
      }
      sb.append(Expressions.toText(v));
    }
    return sb.toString();
  }
}
