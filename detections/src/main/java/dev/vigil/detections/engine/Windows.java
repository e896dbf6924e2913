package dev.vigil.detections.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sliding-window questions the engine asks of a group's marks, on event time. Each looks at
 * every window that contains the new mark, so an event that arrives out of order can still complete
 * a window that ends after it. Returns the marks that made the window, or null.
 */
final class Windows {

  private Windows() {}

  /**
   * Sequence candidates checked for one late event at most: each is a walk over the window, and a
   * replay of many identical times must not turn one event into thousands of walks.
   */
  static final int MAX_SEQUENCE_ENDS = 256;

  /**
   * {@code count} marks with time in {@code (x − window, x]} for some x in {@code [t, t+window)}.
   * One sweep: the window's end moves over the marks from t on, its start follows.
   */
  static List<Mark> threshold(GroupState g, long t, long window, int count) {
    List<Mark> m = g.marks;
    int end = g.upperBound(t + window - 1);
    int from = g.lowerBound(t - window + 1);
    for (int i = g.lowerBound(t); i < end; i++) {
      long x = m.get(i).time();
      if (i + 1 < end && m.get(i + 1).time() == x) {
        continue; // the window ends after the last mark of this time
      }
      while (m.get(from).time() <= x - window) {
        from++;
      }
      if (i + 1 - from >= count) {
        return new ArrayList<>(m.subList(from, i + 1));
      }
    }
    return null;
  }

  /** {@code count} distinct tags among the marks of such a window; the same single sweep. */
  static List<Mark> distinct(GroupState g, long t, long window, int count) {
    List<Mark> m = g.marks;
    int start = g.lowerBound(t);
    int end = g.upperBound(t + window - 1);
    int from = g.lowerBound(t - window + 1);
    Map<String, Integer> seen = new HashMap<>();
    for (int j = from; j < start; j++) {
      seen.merge(m.get(j).tag(), 1, Integer::sum);
    }
    for (int i = start; i < end; i++) {
      seen.merge(m.get(i).tag(), 1, Integer::sum);
      long x = m.get(i).time();
      if (i + 1 < end && m.get(i + 1).time() == x) {
        continue;
      }
      while (m.get(from).time() <= x - window) {
        seen.computeIfPresent(m.get(from).tag(), (k, n) -> n == 1 ? null : n - 1);
        from++;
      }
      if (seen.size() >= count) {
        return new ArrayList<>(m.subList(from, i + 1));
      }
    }
    return null;
  }

  /**
   * The steps in order within {@code window}: for an end mark of the last step, the latest {@code
   * counts[k]} marks of each step k, walking backwards, each step no later than the earliest mark
   * taken for the step after it. Taking the latest marks is what makes the greedy walk find a chain
   * whenever one exists.
   */
  static List<Mark> ordered(GroupState g, long t, long window, int[] counts) {
    String last = Integer.toString(counts.length - 1);
    int end = g.upperBound(t + window);
    int tried = 0;
    for (int i = g.lowerBound(t); i < end && tried < MAX_SEQUENCE_ENDS; i++) {
      Mark e = g.marks.get(i);
      if (!e.tag().equals(last)) {
        continue;
      }
      tried++;
      List<Mark> chain = chain(g, e, window, counts);
      if (chain != null) {
        return chain;
      }
    }
    return null;
  }

  private static List<Mark> chain(GroupState g, Mark end, long window, int[] counts) {
    long floor = end.time() - window;
    long cursor = end.time();
    Set<String> used = new HashSet<>();
    List<Mark> taken = new ArrayList<>();
    for (int k = counts.length - 1; k >= 0; k--) {
      String tag = Integer.toString(k);
      int need = counts[k];
      long earliest = cursor;
      for (int j = g.upperBound(cursor) - 1; j >= 0 && need > 0; j--) {
        Mark m = g.marks.get(j);
        if (m.time() < floor) {
          break;
        }
        if (k == counts.length - 1 && m.compareTo(end) > 0) {
          continue;
        }
        if (m.tag().equals(tag) && used.add(m.id())) {
          taken.add(m);
          earliest = m.time();
          need--;
        }
      }
      if (need > 0) {
        return null;
      }
      cursor = earliest;
    }
    taken.sort(null);
    return taken;
  }

  /** Every step with its count inside one window {@code [e − window, e]}, in any order. */
  static List<Mark> unordered(GroupState g, long t, long window, int[] counts) {
    int end = Math.min(g.upperBound(t + window), g.lowerBound(t) + MAX_SEQUENCE_ENDS);
    for (int i = g.lowerBound(t); i < end; i++) {
      long e = g.marks.get(i).time();
      if (i + 1 < end && g.marks.get(i + 1).time() == e) {
        continue;
      }
      int from = g.lowerBound(e - window);
      int to = g.upperBound(e);
      int[] have = new int[counts.length];
      List<Mark> taken = new ArrayList<>();
      for (int j = from; j < to; j++) {
        Mark m = g.marks.get(j);
        int k = Integer.parseInt(m.tag());
        if (have[k] < counts[k]) {
          have[k]++;
          taken.add(m);
        }
      }
      boolean all = true;
      for (int k = 0; k < counts.length; k++) {
        all &= have[k] >= counts[k];
      }
      if (all) {
        return taken;
      }
    }
    return null;
  }
}
