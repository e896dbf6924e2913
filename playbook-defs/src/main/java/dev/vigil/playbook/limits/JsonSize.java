package dev.vigil.playbook.limits;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.CelByteString;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The size of a value's compact JSON text in UTF-8 and its number of list and map elements (nested
 * ones included), measured without serialising and without recursion. The walk stops once either
 * count passes its bound, so its cost is bounded by the bounds, not by the value: a list that holds
 * the same large list a thousand times is refused after the bound, not walked.
 */
public record JsonSize(long bytes, long elements) {

  private static final Object NULL = new Object();
  private static final int OTHER_BYTES = 16;

  /** True when either count is above its bound. */
  public boolean exceeds(long maxBytes, long maxElements) {
    return bytes > maxBytes || elements > maxElements;
  }

  /**
   * Measures {@code value}; stops as soon as the bytes pass {@code stopBytes} or the elements pass
   * {@code stopElements} (the counts returned are then above the bound but not exact).
   */
  public static JsonSize measure(Object value, long stopBytes, long stopElements) {
    long bytes = 0;
    long elements = 0;
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(orNull(value));
    while (!todo.isEmpty() && bytes <= stopBytes && elements <= stopElements) {
      Object v = todo.pop();
      if (v instanceof Map<?, ?> m) {
        bytes += 2 + Math.max(0, m.size() - 1);
        for (Map.Entry<?, ?> e : m.entrySet()) {
          elements++;
          bytes += string(String.valueOf(e.getKey()), stopBytes - bytes) + 1;
          todo.push(orNull(e.getValue()));
          if (bytes > stopBytes || elements > stopElements) {
            break;
          }
        }
      } else if (v instanceof JsonNode n && n.isContainerNode()) {
        bytes += 2 + Math.max(0, n.size() - 1);
        Iterator<Map.Entry<String, JsonNode>> fields = n.isObject() ? n.fields() : null;
        Iterator<JsonNode> items = n.isArray() ? n.elements() : null;
        while (fields != null ? fields.hasNext() : items.hasNext()) {
          elements++;
          if (fields != null) {
            Map.Entry<String, JsonNode> e = fields.next();
            bytes += string(e.getKey(), stopBytes - bytes) + 1;
            todo.push(e.getValue());
          } else {
            todo.push(items.next());
          }
          if (bytes > stopBytes || elements > stopElements) {
            break;
          }
        }
      } else if (v instanceof Iterable<?> it && !(v instanceof JsonNode)) {
        bytes += 2;
        boolean first = true;
        for (Object x : it) {
          elements++;
          bytes += first ? 0 : 1;
          first = false;
          todo.push(orNull(x));
          if (bytes > stopBytes || elements > stopElements) {
            break;
          }
        }
      } else {
        bytes += scalar(v, stopBytes - bytes);
      }
    }
    return new JsonSize(bytes, elements);
  }

  private static Object orNull(Object v) {
    return v == null ? NULL : v;
  }

  private static long scalar(Object v, long budget) {
    if (v == NULL) {
      return 4;
    }
    if (v instanceof JsonNode n) {
      if (n.isTextual()) {
        return string(n.textValue(), budget);
      }
      if (n.isBinary()) {
        return base64(n.size());
      }
      return n.isNull() || n.isMissingNode() ? 4 : n.asText().length();
    }
    if (v instanceof CharSequence s) {
      return string(s.toString(), budget);
    }
    if (v instanceof Boolean b) {
      return b ? 4 : 5;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return Long.toString(((Number) v).longValue()).length();
    }
    if (v instanceof Number n) {
      return n.toString().length();
    }
    if (v instanceof CelByteString b) {
      return base64(b.size());
    }
    if (v instanceof byte[] b) {
      return base64(b.length);
    }
    if (v instanceof Enum<?> e) {
      return e.name().length() + 2;
    }
    return OTHER_BYTES;
  }

  private static long base64(long n) {
    return 4 * ((n + 2) / 3) + 2;
  }

  /** JSON text of a string: quotes, escapes, UTF-8. Stops early once above {@code budget}. */
  private static long string(String s, long budget) {
    if (s.length() > budget) {
      return s.length() + 2L; // every character takes at least one byte
    }
    long n = 2;
    for (int i = 0; i < s.length() && n <= budget; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        n += 2;
      } else if (c < 0x20) {
        n += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 2 : 6;
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        n += 2; // a surrogate pair is 4 bytes
      } else {
        n += 3;
      }
    }
    return n;
  }
}
