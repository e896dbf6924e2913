package dev.vigil.store.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL {@code text} and {@code jsonb} cannot hold the NUL character. The API refuses it in
 * input; what a run produces itself (an action's output, an error message) is cleaned with this
 * before it is written, so the write succeeds instead of failing on every retry.
 */
public final class PostgresText {

  /** What a NUL character becomes: U+FFFD, the Unicode replacement character. */
  public static final char REPLACEMENT = '\ufffd';

  private PostgresText() {}

  public static String clean(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', REPLACEMENT);
  }

  /** {@code value} with NUL replaced in every string, map key and list element within it. */
  public static Object clean(Object value) {
    if (value instanceof String s) {
      return clean(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(clean(String.valueOf(k)), clean(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(clean(v)));
      return out;
    }
    return value;
  }

  /** A map with NUL replaced throughout, or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> cleanMap(Map<String, ?> value) {
    return value == null ? null : (Map<String, Object>) clean((Object) value);
  }

  /** A list of strings with NUL replaced, or null. */
  public static List<String> cleanList(List<String> value) {
    return value == null ? null : value.stream().map(PostgresText::clean).toList();
  }

  /** A PostgreSQL text[] literal of {@code values} (each quoted and cleaned). */
  public static String array(java.util.List<String> values) {
    StringBuilder sb = new StringBuilder("{");
    for (String v : values) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(clean(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return sb.append('}').toString();
  }
}
