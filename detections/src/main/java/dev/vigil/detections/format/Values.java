package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Small value rules every format shares: {@code -} and empty strings are absent, ports are 0–65535,
 * IP fields hold literals (checked without any DNS lookup), accounts may be written as a UPN
 * ({@code user@domain}) or down-level ({@code DOMAIN\\user}).
 */
final class Values {

  private Values() {}

  /** A trimmed string, or null for null, empty, blank and {@code -}. */
  static String absent(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() || t.equals("-") ? null : t;
  }

  /** The text of a scalar node (strings, numbers, booleans), null for absent or structured ones. */
  static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
      return null;
    }
    return absent(n.isTextual() ? n.textValue() : n.asText());
  }

  /** The port in a string, null when it is not an integer in 0..65535. */
  static Integer port(String s) {
    s = absent(s);
    if (s == null || s.length() > 5) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + (c - '0');
    }
    return v <= 65535 ? v : null;
  }

  /** The port of a node that may be a number or a string. */
  static Integer port(JsonNode n) {
    if (n != null && n.isIntegralNumber()) {
      return n.canConvertToInt() && n.intValue() >= 0 && n.intValue() <= 65535
          ? n.intValue()
          : null;
    }
    return port(text(n));
  }

  /** {@code s} when it is an IPv4 or IPv6 literal, else null. */
  static String ip(String s) {
    s = absent(s);
    return s != null && isIp(s) ? s : null;
  }

  static boolean isIp(String s) {
    return s.indexOf(':') >= 0 ? isIpv6(s) : isIpv4(s, 0, s.length());
  }

  static boolean isIpv4(String s, int from, int to) {
    int parts = 0;
    int i = from;
    while (i <= to) {
      int start = i;
      int v = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || v > 255) {
        return false;
      }
      parts++;
      if (i == to) {
        return parts == 4;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
    }
    return false;
  }

  static boolean isIpv6(String s) {
    int end = s.indexOf('%');
    if (end == 0 || end == s.length() - 1) {
      return false;
    }
    if (end < 0) {
      end = s.length();
    }
    int groups = 0;
    boolean compressed = false;
    int i = 0;
    if (s.startsWith("::")) {
      compressed = true;
      i = 2;
      if (i == end) {
        return true;
      }
    } else if (s.charAt(0) == ':') {
      return false;
    }
    while (i < end) {
      int start = i;
      while (i < end && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
        i++;
      }
      if (i < end && s.charAt(i) == '.') {
        // an embedded IPv4 tail counts as two groups
        if (!isIpv4(s, start, end)) {
          return false;
        }
        groups += 2;
        i = end;
        break;
      }
      if (i == start) {
        return false;
      }
      groups++;
      if (i == end) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < end && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return false;
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  /**
   * An account name and domain: a UPN {@code user@domain} or {@code DOMAIN\\user} name is split
   * when no separate domain is given; absent parts are null. Returns {@code {name, domain}}.
   */
  static String[] account(String name, String domain) {
    name = absent(name);
    domain = absent(domain);
    if (name != null) {
      int at = name.lastIndexOf('@');
      int bs = name.indexOf('\\');
      if (at > 0 && at < name.length() - 1) {
        if (domain == null) {
          domain = name.substring(at + 1);
        }
        name = name.substring(0, at);
      } else if (bs > 0 && bs < name.length() - 1) {
        if (domain == null) {
          domain = name.substring(0, bs);
        }
        name = name.substring(bs + 1);
      }
    }
    return new String[] {name, domain};
  }
}
