package dev.vigil.activities.wazuh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wazuh's agent record in Vigil's shape ({@code id, name, ip, status, version, os, …}). */
public final class WazuhAgents {

  private WazuhAgents() {}

  public static Map<String, Object> view(JsonNode a) {
    Map<String, Object> os = new LinkedHashMap<>();
    os.put("name", text(a.path("os").path("name")));
    os.put("version", text(a.path("os").path("version")));
    os.put("platform", text(a.path("os").path("platform")));
    List<String> groups = new ArrayList<>();
    a.path("group").forEach(g -> groups.add(g.asText()));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", text(a.path("id")));
    v.put("name", text(a.path("name")));
    v.put("ip", text(a.path("ip")));
    v.put("status", text(a.path("status")));
    v.put("version", text(a.path("version")));
    v.put("os", os);
    v.put("lastKeepAlive", text(a.path("lastKeepAlive")));
    v.put("dateAdd", text(a.path("dateAdd")));
    v.put("node", text(a.path("node_name")));
    v.put("groups", groups);
    return v;
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
