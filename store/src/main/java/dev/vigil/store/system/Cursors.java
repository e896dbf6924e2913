package dev.vigil.store.system;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Opaque pagination cursors: the sort key of the last row, base64url-encoded. The one parser of
 * cursors: {@link #decode} and the typed getters of {@link Cursor} throw {@link
 * InvalidCursorException} (a 400 at the API) for anything this server did not make, so a crafted
 * cursor never reaches SQL.
 */
public final class Cursors {

  private static final String SEP = "\u001f";

  private Cursors() {}

  public static String encode(String... parts) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(String.join(SEP, parts).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The {@code parts} parts of a cursor; throws {@link InvalidCursorException} when it was not made
   * here (not base64url, not UTF-8, a NUL character, another number of parts).
   */
  public static Cursor decode(String cursor, int parts) {
    try {
      String raw =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
              .toString();
      List<String> out = List.of(raw.split(SEP, -1));
      if (out.size() != parts || raw.indexOf('\u0000') >= 0) {
        throw new InvalidCursorException(cursor);
      }
      return new Cursor(cursor, out);
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new InvalidCursorException(cursor);
    }
  }

  /** A decoded cursor; each getter throws {@link InvalidCursorException} when its part is bad. */
  public static final class Cursor {
    private final String cursor;
    private final List<String> parts;

    private Cursor(String cursor, List<String> parts) {
      this.cursor = cursor;
      this.parts = parts;
    }

    public String text(int i) {
      return parts.get(i);
    }

    /** An instant part, within {@link Limits#inRange}. */
    public Instant instant(int i) {
      try {
        Instant t = Instant.parse(parts.get(i));
        if (Limits.inRange(t)) {
          return t;
        }
      } catch (DateTimeException e) {
        // below
      }
      throw new InvalidCursorException(cursor);
    }

    public java.util.UUID uuid(int i) {
      try {
        return java.util.UUID.fromString(parts.get(i));
      } catch (IllegalArgumentException e) {
        throw new InvalidCursorException(cursor);
      }
    }

    public long number(int i) {
      try {
        return Long.parseLong(parts.get(i));
      } catch (NumberFormatException e) {
        throw new InvalidCursorException(cursor);
      }
    }
  }

  /** A cursor that was not produced by this server. */
  public static final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String cursor) {
      super(
          "cursor '"
              + cursor.replace('\u0000', '\ufffd')
              + "' is not valid; use the nextCursor of a previous page");
    }
  }
}
