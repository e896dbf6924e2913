package dev.vigil.store.system;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque pagination cursors: the sort key of the last row, base64url-encoded. */
public final class Cursors {

  private static final String SEP = "\u001f";

  private Cursors() {}

  public static String encode(String... parts) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.join(SEP, parts).getBytes(StandardCharsets.UTF_8));
  }

  /** The parts of a cursor; throws {@link InvalidCursorException} when it was not made here. */
  public static List<String> decode(String cursor, int parts) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      List<String> out = List.of(raw.split(SEP, -1));
      if (out.size() != parts) {
        throw new InvalidCursorException(cursor);
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new InvalidCursorException(cursor);
    }
  }

  /** A timestamp part of {@code cursor}; throws {@link InvalidCursorException} when malformed. */
  public static java.time.Instant instant(String cursor, String part) {
    try {
      return java.time.Instant.parse(part);
    } catch (java.time.DateTimeException e) {
      throw new InvalidCursorException(cursor);
    }
  }

  /** A cursor that was not produced by this server. */
  public static final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String cursor) {
      super("cursor '" + cursor + "' is not valid; use the nextCursor of a previous page");
    }
  }
}
