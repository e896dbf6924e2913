package dev.vigil.detections.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CIDR block as an RE2 pattern over the address's text, since CEL has no address functions and
 * none can be added from here. Limits (documented in docs/detections.md):
 *
 * <ul>
 *   <li>IPv4 matches dotted-quad text without leading zeros, optionally IPv4-mapped ({@code
 *       ::ffff:10.1.2.3}).
 *   <li>IPv6 matches the canonical text (RFC 5952: no leading zeros, any letter case). A prefix is
 *       supported when its leading hextets are not zero (so {@code ::} cannot hide them: {@code
 *       fe80::/10}, {@code fc00::/7}, {@code 2001:db8::/32}), and a /128 is matched exactly; other
 *       IPv6 prefixes (e.g. {@code ::ffff:0:0/96}) are refused.
 * </ul>
 */
final class Cidr {

  private static final Pattern V4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private static final String OCTET = "[0-9]{1,3}";
  private static final String HEX = "0123456789abcdef";

  private Cidr() {}

  /** The pattern, or throws {@link IllegalArgumentException} with the reason. */
  static String regex(String cidr) {
    String c = cidr.trim();
    if (!c.contains("/")) {
      c = c + (c.contains(":") ? "/128" : "/32");
    }
    return c.contains(":") ? v6(c) : v4(c);
  }

  private static String v4(String c) {
    Matcher m = V4.matcher(c);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + c + "' is not an IPv4 CIDR block");
    }
    int[] o = new int[4];
    for (int i = 0; i < 4; i++) {
      o[i] = Integer.parseInt(m.group(i + 1));
      if (o[i] > 255) {
        throw new IllegalArgumentException("'" + c + "' has an octet above 255");
      }
    }
    int bits = Integer.parseInt(m.group(5));
    if (bits > 32) {
      throw new IllegalArgumentException("'" + c + "' has a prefix longer than 32 bits");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int fixed = Math.max(0, Math.min(8, bits - 8 * i));
      if (fixed == 8) {
        out.add(Integer.toString(o[i]));
      } else if (fixed == 0) {
        out.add(OCTET);
      } else {
        int mask = 0xff << (8 - fixed) & 0xff;
        int lo = o[i] & mask;
        out.add(group(range(lo, lo | ~mask & 0xff, 10)));
      }
    }
    return "^(?:::ffff:)?" + String.join("\\.", out) + "$";
  }

  private static String v6(String c) {
    int slash = c.indexOf('/');
    int bits;
    try {
      bits = Integer.parseInt(c.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + c + "' has no prefix length");
    }
    if (bits > 128) {
      throw new IllegalArgumentException("'" + c + "' has a prefix longer than 128 bits");
    }
    int[] h = hextets(c.substring(0, slash).toLowerCase(Locale.ROOT), c);
    if (bits == 128) {
      return "^" + SigmaString.quote(canonical(h)) + "$";
    }
    if (bits == 0) {
      return ":";
    }
    int full = bits / 16;
    int rest = bits % 16;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < full; i++) {
      if (h[i] == 0) {
        throw zeroHextet(c);
      }
      out.add(Integer.toHexString(h[i]));
    }
    if (rest > 0) {
      int mask = 0xffff << (16 - rest) & 0xffff;
      int lo = h[full] & mask;
      if (lo == 0) {
        throw zeroHextet(c);
      }
      out.add(group(range(lo, lo | ~mask & 0xffff, 16)));
    }
    return "^" + String.join(":", out) + "(?::|$)";
  }

  private static IllegalArgumentException zeroHextet(String c) {
    return new IllegalArgumentException(
        "IPv6 block '"
            + c
            + "' has a zero hextet in its prefix, which '::' may hide in the address text;"
            + " only prefixes whose leading hextets are non-zero, and /128 addresses, are matched");
  }

  private static int[] hextets(String addr, String c) {
    String[] halves = addr.split("::", -1);
    if (halves.length > 2) {
      throw new IllegalArgumentException("'" + c + "' is not an IPv6 CIDR block");
    }
    List<Integer> head = parseGroups(halves[0], c);
    List<Integer> tail = halves.length == 2 ? parseGroups(halves[1], c) : List.of();
    int missing = 8 - head.size() - tail.size();
    if (halves.length == 1 ? missing != 0 : missing < 1) {
      throw new IllegalArgumentException("'" + c + "' is not an IPv6 CIDR block");
    }
    int[] h = new int[8];
    for (int i = 0; i < head.size(); i++) {
      h[i] = head.get(i);
    }
    for (int i = 0; i < tail.size(); i++) {
      h[8 - tail.size() + i] = tail.get(i);
    }
    return h;
  }

  private static List<Integer> parseGroups(String s, String c) {
    List<Integer> out = new ArrayList<>();
    if (s.isEmpty()) {
      return out;
    }
    for (String g : s.split(":", -1)) {
      if (!g.matches("[0-9a-f]{1,4}")) {
        throw new IllegalArgumentException("'" + c + "' is not an IPv6 CIDR block");
      }
      out.add(Integer.parseInt(g, 16));
    }
    return out;
  }

  /** RFC 5952 text: the longest run of two or more zero hextets becomes {@code ::}. */
  static String canonical(int[] h) {
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (h[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && h[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(h[i]));
    }
    return sb.toString();
  }

  private static String group(List<String> alternatives) {
    return alternatives.size() == 1
        ? alternatives.get(0)
        : "(?:" + String.join("|", alternatives) + ")";
  }

  /**
   * Alternatives matching the numbers in [lo, hi] written in {@code radix} without leading zeros.
   */
  static List<String> range(int lo, int hi, int radix) {
    List<String> out = new ArrayList<>();
    int width = Integer.toString(hi, radix).length();
    for (int len = 1; len <= width; len++) {
      int min = len == 1 ? 0 : (int) Math.pow(radix, len - 1);
      int max = (int) Math.pow(radix, len) - 1;
      int a = Math.max(lo, min);
      int b = Math.min(hi, max);
      if (a <= b) {
        fixed(a, b, len, radix, "", out);
      }
    }
    return out;
  }

  /** Numbers in [lo, hi] with exactly {@code width} digits (zero-padded), after {@code prefix}. */
  private static void fixed(int lo, int hi, int width, int radix, String prefix, List<String> out) {
    if (width == 0) {
      out.add(prefix);
      return;
    }
    int unit = (int) Math.pow(radix, width - 1);
    int loHead = lo / unit;
    int hiHead = hi / unit;
    if (lo % unit == 0 && hi % unit == unit - 1) {
      out.add(prefix + digits(loHead, hiHead) + any(width - 1, radix));
      return;
    }
    if (loHead == hiHead) {
      fixed(lo % unit, hi % unit, width - 1, radix, prefix + HEX.charAt(loHead), out);
      return;
    }
    int midFrom = loHead + 1;
    int midTo = hiHead - 1;
    if (lo % unit == 0) {
      midFrom = loHead;
    } else {
      fixed(lo % unit, unit - 1, width - 1, radix, prefix + HEX.charAt(loHead), out);
    }
    boolean tailFull = hi % unit == unit - 1;
    if (tailFull) {
      midTo = hiHead;
    }
    if (midFrom <= midTo) {
      out.add(prefix + digits(midFrom, midTo) + any(width - 1, radix));
    }
    if (!tailFull) {
      fixed(0, hi % unit, width - 1, radix, prefix + HEX.charAt(hiHead), out);
    }
  }

  private static String digits(int from, int to) {
    if (from == to) {
      return String.valueOf(HEX.charAt(from));
    }
    StringBuilder sb = new StringBuilder("[");
    if (from <= 9) {
      sb.append(span(from, Math.min(to, 9)));
    }
    if (to >= 10) {
      sb.append(span(Math.max(from, 10), to));
    }
    return sb.append(']').toString();
  }

  private static String span(int from, int to) {
    return from == to ? String.valueOf(HEX.charAt(from)) : HEX.charAt(from) + "-" + HEX.charAt(to);
  }

  private static String any(int width, int radix) {
    if (width == 0) {
      return "";
    }
    String d = radix == 10 ? "[0-9]" : "[0-9a-f]";
    return width == 1 ? d : d + "{" + width + "}";
  }
}
