package dev.vigil.workflows.scan;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Scan targets and the tenant's scan scope. A target is one or more items separated by spaces or
 * commas: IPv4 or IPv6 addresses, CIDR blocks of at most {@value #MAX_ADDRESSES} addresses, or host
 * names. nmap's own range and wildcard syntax ({@code 10.0.0.1-20}, {@code 10.0.*.1}) and anything
 * starting with {@code -} are refused, so nothing but an address or a name reaches its command
 * line. The scope has the same items, blocks of any size, and {@code *.example.com} wildcards for
 * names. A target is allowed when every item lies inside one scope item: a block inside a scope
 * block, a name equal to a scope name or under a wildcard (names are not resolved: the scope lists
 * the names that may be scanned).
 */
public final class ScanTargets {

  /** The most addresses one scan may cover (a /16). */
  public static final long MAX_ADDRESSES = 65_536;

  /** The most items in one target. */
  public static final int MAX_ITEMS = 64;

  private static final Pattern V4 =
      Pattern.compile(
          "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
  private static final Pattern V6 = Pattern.compile("^[0-9a-fA-F:.]{2,45}$");
  private static final Pattern NAME =
      Pattern.compile(
          "^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$");

  /** One item: a block of addresses ({@code bits} set) or a host name (then {@code name}). */
  public record Item(String text, byte[] network, int bits, String name) {

    public boolean isName() {
      return name != null;
    }

    public boolean isV6() {
      return network != null && network.length == 16;
    }

    /** How many addresses it covers (1 for a name). */
    public long size() {
      return isName()
          ? 1
          : BigInteger.ONE
              .shiftLeft(network.length * 8 - bits)
              .min(BigInteger.valueOf(Long.MAX_VALUE))
              .longValue();
    }

    boolean contains(Item other) {
      if (isName() || other.isName()) {
        if (!isName() || !other.isName()) {
          return false;
        }
        return name.startsWith("*.")
            ? other.name.endsWith(name.substring(1)) && !other.name.startsWith("*.")
            : name.equals(other.name);
      }
      if (network.length != other.network.length || other.bits < bits) {
        return false;
      }
      return prefix(network, bits).equals(prefix(other.network, bits));
    }
  }

  /** A target that parsed: its items and how many addresses they cover. */
  public record Parsed(List<Item> items, long addresses) {
    /** The items as nmap's command line takes them. */
    public List<String> arguments() {
      return items.stream().map(Item::text).toList();
    }

    public boolean v6() {
      return items.stream().anyMatch(Item::isV6);
    }
  }

  private ScanTargets() {}

  /** A scan target, or throws {@link IllegalArgumentException} saying what is wrong with it. */
  public static Parsed parse(String target) {
    List<String> texts = split(target);
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("name at least one address, block or host name");
    }
    if (texts.size() > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ITEMS + " items in one scan, not " + texts.size());
    }
    List<Item> items = new ArrayList<>();
    long total = 0;
    for (String t : texts) {
      Item item = item(t, false);
      if (item.size() > MAX_ADDRESSES) {
        throw new IllegalArgumentException(
            "'"
                + t
                + "' covers "
                + item.size()
                + " addresses; one scan covers at most "
                + MAX_ADDRESSES
                + " (a /16)");
      }
      total += item.size();
      items.add(item);
    }
    if (total > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "the target covers " + total + " addresses; one scan covers at most " + MAX_ADDRESSES);
    }
    boolean v4 = items.stream().anyMatch(i -> !i.isName() && !i.isV6());
    boolean v6 = items.stream().anyMatch(Item::isV6);
    if (v4 && v6) {
      throw new IllegalArgumentException(
          "IPv4 and IPv6 addresses cannot be scanned together: start one scan for each");
    }
    return new Parsed(List.copyOf(items), total);
  }

  /** One scope entry, or throws {@link IllegalArgumentException} saying why it is not one. */
  public static Item scopeEntry(String entry) {
    return item(entry == null ? "" : entry.trim(), true);
  }

  /**
   * Why {@code target} may not be scanned under {@code scope}, or empty when every item of it lies
   * inside the scope.
   */
  public static Optional<String> outsideScope(Parsed target, List<String> scope) {
    if (scope == null || scope.isEmpty()) {
      return Optional.of(
          "the tenant has no scan scope: an admin lists the blocks and host names that may be scanned (Settings › scanScope)");
    }
    List<Item> allowed = scope.stream().map(ScanTargets::scopeEntry).toList();
    List<String> outside = new ArrayList<>();
    for (Item i : target.items()) {
      if (allowed.stream().noneMatch(a -> a.contains(i))) {
        outside.add(i.text());
      }
    }
    if (outside.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        String.join(", ", outside)
            + (outside.size() == 1 ? " is" : " are")
            + " outside the tenant's scan scope ("
            + String.join(", ", scope)
            + ")");
  }

  /**
   * What makes two scans comparable (the previous scan of a scope is what a scan is diffed
   * against): the same targets in any order, profile and ports.
   */
  public static String scopeKey(Parsed targets, String profile, String ports) {
    return String.join(" ", new java.util.TreeSet<>(targets.arguments()))
        + "|"
        + profile
        + "|"
        + (ports == null ? "" : ports);
  }

  static List<String> split(String target) {
    List<String> out = new ArrayList<>();
    if (target == null) {
      return out;
    }
    for (String s : target.trim().split("[\\s,]+")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private static Item item(String t, boolean scope) {
    if (t.isEmpty()) {
      throw new IllegalArgumentException("an empty item");
    }
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("'" + t + "' is not an address, block or host name");
    }
    String lower = t.toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (V4.matcher(addr).matches() || (addr.contains(":") && V6.matcher(addr).matches())) {
      byte[] bytes = literal(addr, t);
      int max = bytes.length * 8;
      int bits = max;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > max) {
          throw new IllegalArgumentException("'" + t + "' has no prefix length from 0 to " + max);
        }
      }
      return new Item(t, bytes, bits, null);
    }
    if (slash >= 0) {
      throw new IllegalArgumentException("'" + t + "' is not an IPv4 or IPv6 block");
    }
    if (scope && lower.startsWith("*.") && NAME.matcher(lower.substring(2)).matches()) {
      return new Item(lower, null, 0, lower);
    }
    String top = lower.substring(lower.lastIndexOf('.') + 1);
    if (!NAME.matcher(lower).matches() || !top.matches(".*[a-z].*")) {
      // a top-level label has a letter: 10.0.0.1-20 is nmap's range syntax, not a name
      throw new IllegalArgumentException(
          "'" + t + "' is not an address, block or host name (ranges and wildcards are not taken)");
    }
    return new Item(lower, null, 0, lower);
  }

  private static byte[] literal(String addr, String t) {
    try {
      // a literal (checked by the patterns above): InetAddress parses it without a name lookup
      return InetAddress.getByName(addr.contains(":") ? "[" + addr + "]" : addr).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException("'" + t + "' is not an IP address");
    }
  }

  private static BigInteger prefix(byte[] address, int bits) {
    BigInteger value = new BigInteger(1, address);
    int host = address.length * 8 - bits;
    return value.shiftRight(host);
  }
}
