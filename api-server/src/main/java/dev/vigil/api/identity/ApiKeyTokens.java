package dev.vigil.api.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** API key secrets: {@code vgl_} followed by 40 random base62 characters (~238 bits). */
final class ApiKeyTokens {

  static final String PREFIX = "vgl_";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern FORMAT = Pattern.compile("^vgl_[A-Za-z0-9]{40,100}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeyTokens() {}

  static String newSecret() {
    return PREFIX + random(40);
  }

  static String newId() {
    return "key_" + random(16);
  }

  static boolean wellFormed(String token) {
    return token != null && FORMAT.matcher(token).matches();
  }

  /** What is shown in lists to recognise a key: the prefix and the first four characters. */
  static String displayPrefix(String token) {
    return token.substring(0, PREFIX.length() + 4);
  }

  /**
   * The stored form. A plain SHA-256 is enough here (unlike passwords): the secret is 238 random
   * bits, so it cannot be guessed from its hash.
   */
  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
