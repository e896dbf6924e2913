package dev.vigil.api.identity;

import dev.vigil.api.system.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Password rules in the spirit of NIST SP 800-63B: long enough, not too long for bcrypt, and not
 * one of the passwords attackers try first — whatever digits, symbols and letter swaps dress it up.
 * No composition rules (they make passwords worse, not stronger).
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 12;

  /** bcrypt reads at most 72 bytes; longer passwords would be silently cut. */
  public static final int MAX_BYTES = 72;

  private static final String[] SEQUENCES = {
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "01234567890",
    "09876543210",
    "zyxwvutsrqponmlkjihgfedcba",
    "qazwsxedcrfvtgbyhnujmikolp"
  };

  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  /** Why {@code password} is refused for {@code username}, or empty when it is acceptable. */
  public static Optional<String> problem(String password, String username) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("the password needs at least " + MIN_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("the password may be at most " + MAX_BYTES + " bytes (UTF-8)");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    String core = core(lower);
    if (username != null && username.length() >= 3) {
      String u = username.toLowerCase(Locale.ROOT);
      if (lower.contains(u) || core.contains(core(u))) {
        return Optional.of("the password must not contain the username");
      }
    }
    String letters = lower.replaceAll("[^\\p{L}]", "");
    if (COMMON.contains(lower)
        || COMMON.contains(core)
        || COMMON.contains(letters)
        || commonRepeated(core)
        || commonRepeated(letters)) {
      return Optional.of(
          "the password is too common (it is, or is built from, a password attackers try first)");
    }
    if (core.length() < 6
        || repeats(core)
        || isSequence(core)
        || isSequence(lower.replaceAll("[^a-z0-9]", ""))) {
      return Optional.of(
          "the password is too predictable (repeated characters, a keyboard or alphabet run, or mostly digits and symbols)");
    }
    return Optional.empty();
  }

  /** Throws a 422 pointing at {@code pointer} when the password is refused. */
  public static void require(String password, String username, String pointer) {
    problem(password, username)
        .ifPresent(
            p -> {
              throw ApiException.invalid(pointer, p);
            });
  }

  /**
   * The word a password is built from: lower case, digits and symbols stripped from both ends (the
   * "2024!" people append), the usual letter swaps undone ("p@ssw0rd" -> "password"), letters only.
   */
  static String core(String lower) {
    String trimmed = lower.replaceAll("[^\\p{L}]+$", "").replaceAll("^[^\\p{L}]+", "");
    StringBuilder sb = new StringBuilder();
    for (char c : trimmed.toCharArray()) {
      char d =
          switch (c) {
            case '0' -> 'o';
            case '1', '!', '|' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
          };
      if (Character.isLetter(d)) {
        sb.append(d);
      }
    }
    return sb.toString();
  }

  /** "passwordpassword", "letmeinletmein": a common word said twice or more. */
  private static boolean commonRepeated(String core) {
    for (int unit = 3; unit <= core.length() / 2; unit++) {
      if (core.length() % unit == 0
          && COMMON.contains(core.substring(0, unit))
          && core.substring(0, unit).repeat(core.length() / unit).equals(core)) {
        return true;
      }
    }
    return false;
  }

  private static boolean repeats(String s) {
    for (int unit = 1; unit <= 4 && unit <= s.length() / 2; unit++) {
      String u = s.substring(0, unit);
      if (u.repeat(s.length() / unit + 1).startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSequence(String s) {
    String letters = s.replaceAll("\\s", "");
    for (String seq : SEQUENCES) {
      if (letters.length() >= 6 && seq.contains(letters)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> load() {
    Set<String> out = new HashSet<>();
    try (var in = PasswordPolicy.class.getResourceAsStream("/identity/common-passwords.txt");
        var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
