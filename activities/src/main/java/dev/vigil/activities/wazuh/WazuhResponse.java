package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Wazuh's answer envelope: {@code {"data": {"affected_items", "total_affected_items",
 * "failed_items", "total_failed_items"}, "message", "error"}}. {@code error} is 0 when every item
 * succeeded, 1 when some failed, 2 when all did; the failures are kept, never dropped.
 *
 * @param data the whole {@code data} object (some endpoints answer other fields in it)
 * @param affected {@code affected_items}
 * @param totalAffected {@code total_affected_items} (of the whole query, beyond this page)
 * @param failed {@code failed_items}, one entry per error with the ids it hit
 * @param totalFailed {@code total_failed_items}
 * @param message Wazuh's human-readable message
 * @param error 0, 1 (partial) or 2 (all failed)
 */
public record WazuhResponse(
    JsonNode data,
    List<JsonNode> affected,
    long totalAffected,
    List<Failure> failed,
    long totalFailed,
    String message,
    int error) {

  /** One entry of {@code failed_items}: an error and the ids it applies to. */
  public record Failure(int code, String message, String remediation, List<String> ids) {}

  public boolean partial() {
    return !failed.isEmpty() && !affected.isEmpty();
  }

  static WazuhResponse parse(JsonNode root) {
    JsonNode data = root.path("data");
    List<JsonNode> affected = new ArrayList<>();
    data.path("affected_items").forEach(affected::add);
    List<Failure> failed = new ArrayList<>();
    for (JsonNode f : data.path("failed_items")) {
      JsonNode e = f.path("error");
      List<String> ids = new ArrayList<>();
      f.path("id").forEach(id -> ids.add(id.asText()));
      failed.add(
          new Failure(
              e.path("code").asInt(),
              e.path("message").asText(null),
              e.path("remediation").asText(null),
              List.copyOf(ids)));
    }
    return new WazuhResponse(
        data,
        List.copyOf(affected),
        data.path("total_affected_items").asLong(affected.size()),
        List.copyOf(failed),
        data.path("total_failed_items").asLong(failed.size()),
        root.path("message").asText(null),
        root.path("error").asInt(0));
  }
}
