package dev.vigil.playbook.validation;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" hints: the candidate closest in spelling (Levenshtein distance). */
public final class Spelling {

  private Spelling() {}

  /** The candidate closest to {@code name}, if within {@code max(3, length / 3)} edits. */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt(n -> distance(n, name)))
        .filter(n -> distance(n, name) <= Math.max(3, name.length() / 3));
  }

  /** The number of single-character insertions, deletions and substitutions from a to b. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
