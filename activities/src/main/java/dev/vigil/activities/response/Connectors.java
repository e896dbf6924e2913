package dev.vigil.activities.response;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.connection.ServiceHttp;
import dev.vigil.activities.system.ActionException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** What the response connectors share: base URLs, credentials, the HTTP of {@link ServiceHttp}. */
final class Connectors {

  private Connectors() {}

  static String base(ResolvedConnection c, String key) {
    Object v = c.config().get(key);
    if (v == null) {
      throw new ActionException(
          "ConnectionUnusable", "connection '" + c.name() + "' has no " + key);
    }
    return String.valueOf(v).replaceAll("/+$", "");
  }

  static String secret(ResolvedConnection c, String name, ServiceHttp.Types types) {
    String s = c.secret(name);
    if (s == null || s.isBlank()) {
      throw new ActionException(types.refused(), "connection '" + c.name() + "' has no " + name);
    }
    return s;
  }

  static final java.util.regex.Pattern ADDRESS =
      java.util.regex.Pattern.compile(
          "^(((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(/(3[0-2]|[12]?\\d))?"
              + "|[0-9a-fA-F:]{2,39}(/(12[0-8]|1[01]\\d|[1-9]?\\d))?)$");

  /**
   * An IPv4/IPv6 address or CIDR to block, trimmed; refuses what is not one and the whole address
   * space ({@code 0.0.0.0/0}, {@code ::/0}).
   */
  static String address(String given) {
    String ip = given == null ? "" : given.trim();
    if (!ADDRESS.matcher(ip).matches()
        || (ip.contains(":") && ip.chars().filter(ch -> ch == ':').count() < 2)) {
      throw new ActionException(
          dev.vigil.workflows.system.FailureTypes.INVALID_INPUT,
          "'" + given + "' is not an IP address or CIDR");
    }
    if (ip.equals("0.0.0.0/0") || ip.equals("::/0")) {
      throw new ActionException(
          dev.vigil.workflows.system.FailureTypes.INVALID_INPUT, "refusing to block every address");
    }
    return ip;
  }

  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static int timeout(ResolvedConnection c) {
    return ((Number) c.config().getOrDefault("timeoutSeconds", 30)).intValue();
  }

  static Optional<JsonNode> call(
      ResolvedConnection c,
      String method,
      String url,
      Map<String, String> headers,
      Object body,
      String service,
      ServiceHttp.Types types) {
    return ServiceHttp.send(
        method, URI.create(url), headers, body, timeout(c), service, types, false);
  }
}
