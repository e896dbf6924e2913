package dev.vigil.workflows.incident;

import dev.vigil.workflows.incident.IncidentChange.Observable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Observables: checks a value is what its kind says (an IP is an IP), normalises it, and extracts
 * the observables of an alert from its entity and the fields it grouped on.
 */
public final class Observables {

  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}\\.?$");
  private static final Pattern HASH =
      Pattern.compile("^([A-Fa-f0-9]{32}|[A-Fa-f0-9]{40}|[A-Fa-f0-9]{64}|[A-Fa-f0-9]{128})$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");
  private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://\\S+$");

  private Observables() {}

  /** Why {@code value} is not a {@code kind}, or null when it is. */
  public static String check(String kind, String value) {
    String v = value.strip();
    return switch (kind) {
      case "ip" -> isIp(v) ? null : "'" + v + "' is not an IPv4 or IPv6 address";
      case "domain" -> DOMAIN.matcher(v).matches() ? null : "'" + v + "' is not a domain name";
      case "hash" ->
          HASH.matcher(v).matches() ? null : "a hash is 32, 40, 64 or 128 hexadecimal digits";
      case "email" -> EMAIL.matcher(v).matches() ? null : "'" + v + "' is not an e-mail address";
      case "url" -> URL.matcher(v).matches() ? null : "'" + v + "' is not a URL (scheme://…)";
      default -> v.isEmpty() ? "the value is empty" : null;
    };
  }

  static boolean isIp(String v) {
    if (IPV4.matcher(v).matches()) {
      return true;
    }
    if (!v.contains(":") || !IPV6.matcher(v).matches()) {
      return false;
    }
    String body = v;
    int groupsNeeded = 8;
    int lastColon = v.lastIndexOf(':');
    if (v.substring(lastColon + 1).contains(".")) { // an embedded IPv4 tail takes two groups
      if (!IPV4.matcher(v.substring(lastColon + 1)).matches()) {
        return false;
      }
      body = v.substring(0, lastColon + 1) + "0";
      groupsNeeded = 7;
    }
    int compress = body.indexOf("::");
    if (compress >= 0 && body.indexOf("::", compress + 1) >= 0) {
      return false;
    }
    String[] parts = body.split(":", -1);
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty()) {
        continue; // part of "::" (or a leading/trailing one of it)
      }
      if (p.length() > 4 || !p.matches("[0-9A-Fa-f]+")) {
        return false;
      }
      groups++;
    }
    if (compress < 0) {
      return groups == groupsNeeded && !body.startsWith(":") && !body.endsWith(":");
    }
    return groups < groupsNeeded;
  }

  /** The canonical form: lower-case domains, hashes and e-mail addresses; trimmed everything. */
  public static String normalize(String kind, String value) {
    String v = value.strip();
    return switch (kind) {
      case "domain", "hash", "email" -> v.toLowerCase(Locale.ROOT);
      case "ip" -> v.toLowerCase(Locale.ROOT);
      default -> v;
    };
  }

  /** The kind of an event field, or null when it holds no observable. */
  static String kindOfField(String field) {
    String f = field.toLowerCase(Locale.ROOT);
    if (f.equals("ip") || f.endsWith(".ip") || f.endsWith("_ip") || f.endsWith(".address")) {
      return "ip";
    }
    if (f.equals("user") || f.endsWith("user.name") || f.equals("user.id") || f.endsWith(".user")) {
      return "user";
    }
    if (f.equals("host") || f.endsWith("host.name") || f.endsWith("hostname")) {
      return "host";
    }
    if (f.endsWith("domain") || f.endsWith("question.name")) {
      return "domain";
    }
    if (f.endsWith("url") || f.endsWith("url.full") || f.endsWith("url.original")) {
      return "url";
    }
    if (f.contains("hash.") || f.endsWith(".md5") || f.endsWith(".sha1") || f.endsWith(".sha256")) {
      return "hash";
    }
    if (f.endsWith("email")) {
      return "email";
    }
    return null;
  }

  /** The observables of an alert: its entity and the grouped fields of a known kind. */
  static List<Observable> fromAlert(AlertRef alert, String at) {
    Set<String> seen = new LinkedHashSet<>();
    List<Observable> out = new ArrayList<>();
    String source = "alert:" + alert.alertId();
    if (alert.entityKind() != null && alert.entityValue() != null) {
      add(out, seen, alert.entityKind(), alert.entityValue(), source, at);
    }
    for (Map.Entry<String, String> g : new java.util.TreeMap<>(alert.group()).entrySet()) {
      String kind = kindOfField(g.getKey());
      if (kind != null && g.getValue() != null) {
        add(out, seen, kind, g.getValue(), source, at);
      }
    }
    return out;
  }

  private static void add(
      List<Observable> out, Set<String> seen, String kind, String value, String source, String at) {
    String k =
        switch (kind) {
          case "ip", "user", "host", "domain", "hash", "url", "email", "process", "file" -> kind;
          default -> null;
        };
    if (k == null || value.isBlank() || check(k, value) != null) {
      return;
    }
    String v = normalize(k, value);
    if (seen.add(k + "\u0000" + v)) {
      out.add(new Observable(k, v, "amber", source, at));
    }
  }
}
