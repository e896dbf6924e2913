package dev.vigil.store.connection;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque, unguessable ids for URLs that other services call back on. */
final class PublicIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private PublicIds() {}

  /** 24 URL-safe characters (144 random bits). */
  static String next() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
