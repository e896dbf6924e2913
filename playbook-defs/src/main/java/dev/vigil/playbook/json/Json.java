package dev.vigil.playbook.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.playbook.limits.Limits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapper of the language and the conversion between JSON and the plain Java values
 * playbooks compute with: {@code Map<String,Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}. Integers are
 * always {@code Long} so CEL compares them with literals.
 */
public final class Json {

  /**
   * The mapper. Parsing refuses JSON nested deeper than {@link Limits#MAX_JSON_DEPTH} (with a
   * {@link StreamConstraintsException}), so nothing that walks a parsed tree recursively — the
   * schema validator, the parser, {@link #toJava} — can run out of stack.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(Limits.MAX_JSON_DEPTH)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not JSON-serialisable: " + e.getMessage(), e);
    }
  }

  public static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Converts a JSON tree to plain Java values. */
  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(n -> list.add(toJava(n)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  /**
   * Normalises any value built from JSON-like Java objects (for instance what Temporal's data
   * converter produced, with {@code Integer}s) to the plain value set described above.
   */
  public static Object normalize(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
    }
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0
              && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
          ? (Object) d.longValue()
          : d.doubleValue();
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (value instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      it.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof JsonNode n) {
      return toJava(n);
    }
    if (value instanceof CharSequence || value instanceof Enum<?>) {
      return value.toString();
    }
    return toJava(MAPPER.valueToTree(value));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> normalizeMap(Map<String, ?> value) {
    return value == null ? new LinkedHashMap<>() : (Map<String, Object>) normalize(value);
  }

  /** Escapes one reference token of a JSON Pointer (RFC 6901). */
  public static String pointerToken(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
