package dev.vigil.playbook.expression;

import dev.cel.extensions.CelStringExtensions;
import dev.cel.runtime.CelFunctionBinding;
import dev.vigil.playbook.limits.LimitExceededException;
import dev.vigil.playbook.limits.Limits;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runtime versions of the two string-extension functions whose result can be far larger than their
 * arguments: {@code join} (a list of many references to one large string) and {@code replace} (each
 * nested call can multiply the length). They compute the length of the result before building it
 * and refuse one longer than {@link Limits#MAX_STRING_LENGTH}; otherwise they behave as CEL's own
 * (same overload ids, so expressions compile against CEL's declarations).
 */
final class BoundedStrings {

  /** The string-extension functions bound by CEL itself at run time: all but these two. */
  static final Set<CelStringExtensions.Function> CEL_BOUND =
      EnumSet.complementOf(
          EnumSet.of(CelStringExtensions.Function.JOIN, CelStringExtensions.Function.REPLACE));

  private BoundedStrings() {}

  static List<CelFunctionBinding> bindings() {
    return List.of(
        CelFunctionBinding.from("list_join", List.class, l -> join(l, "")),
        CelFunctionBinding.from("list_join_string", List.class, String.class, BoundedStrings::join),
        CelFunctionBinding.from(
            "string_replace_string_string",
            List.of(String.class, String.class, String.class),
            a -> replace((String) a[0], (String) a[1], (String) a[2], -1)),
        CelFunctionBinding.from(
            "string_replace_string_string_int",
            List.of(String.class, String.class, String.class, Long.class),
            a -> replace((String) a[0], (String) a[1], (String) a[2], (Long) a[3])));
  }

  static String join(List<?> parts, String separator) {
    long length = (long) separator.length() * Math.max(0, parts.size() - 1);
    for (Object p : parts) {
      length += ((String) p).length();
      check(length, "join");
    }
    check(length, "join");
    StringBuilder sb = new StringBuilder((int) length);
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sb.append(separator);
      }
      sb.append((String) parts.get(i));
    }
    return sb.toString();
  }

  /**
   * Replaces up to {@code limit} occurrences of {@code search} (all when negative), left to right
   * without overlaps; an empty {@code search} matches before every code point and at the end.
   */
  static String replace(String text, String search, String replacement, long limit) {
    if (limit == 0 || search.equals(replacement)) {
      return text;
    }
    long max = limit < 0 ? Long.MAX_VALUE : limit;
    if (search.isEmpty()) {
      long slots = Math.min(max, text.codePointCount(0, text.length()) + 1L);
      check(text.length() + slots * replacement.length(), "replace");
      StringBuilder sb = new StringBuilder();
      int i = 0;
      long done = 0;
      while (done < slots) {
        sb.append(replacement);
        done++;
        if (i < text.length()) {
          int next = text.offsetByCodePoints(i, 1);
          sb.append(text, i, next);
          i = next;
        }
      }
      return sb.append(text, i, text.length()).toString();
    }
    long count = 0;
    for (int at = text.indexOf(search); at >= 0 && count < max; at = text.indexOf(search, at)) {
      count++;
      at += search.length();
    }
    check(text.length() + count * (replacement.length() - (long) search.length()), "replace");
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (long n = 0; n < count; n++) {
      int at = text.indexOf(search, from);
      sb.append(text, from, at).append(replacement);
      from = at + search.length();
    }
    return sb.append(text, from, text.length()).toString();
  }

  private static void check(long length, String function) {
    if (length > Limits.MAX_STRING_LENGTH) {
      throw new LimitSignal(
          new LimitExceededException(
              "MAX_STRING_LENGTH",
              function
                  + "() would build a string longer than "
                  + Limits.MAX_STRING_LENGTH
                  + " characters ("
                  + Limits.formatBytes(Limits.MAX_STRING_LENGTH)
                  + ")"));
    }
  }
}
