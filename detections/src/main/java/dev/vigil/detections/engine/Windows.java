package dev.vigil.detections.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sliding-window questions the engine asks of a group's marks, on event time. Each looks at
 * every window that contains the new mark, so an event that arrives out of order can still complete
 * a window that ends after it. Returns the marks that made the window, or null.
 */
final class Windows {

  private Windows() {}

  /**
   * {@code count} marks with time in {@code (x − window, x]} for some x in {@code [t, t+window)}.
   */
  static List<Mark> threshold(GroupState g, long t, long window, int count) {
    int end = g.upperBound(t + window - 1);
    for (int i = g.lowerBound(t); i < end; i++) {
      long x = g.marks.get(i).time();
      int from = g.lowerBound(x - window + 1);
      int to = g.upperBound(x);
      if (to - from >= count) {
        return new ArrayList<>(g.marks.subList(from, to));
      }
    }
    return null;
  }

  /** {@code count} distinct tags among the marks of such a window. */
  static List<Mark> distinct(GroupState g, long t, long window, int count) {
    int end = g.upperBound(t + window - 1);
    for (int i = g.lowerBound(t); i < end; i++) {
      long x = g.marks.get(i).time();
      int from = g.lowerBound(x - window + 1);
      int to = g.upperBound(x);
      if (to - from < count) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (int j = from; j < to; j++) {
        seen.add(g.marks.get(j).tag());
      }
      if (seen.size() >= count) {
        return new ArrayList<>(g.marks.subList(from, to));
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
    for (int i = g.lowerBound(t); i < end; i++) {
      Mark e = g.marks.get(i);
      if (!e.tag().equals(last)) {
        continue;
      }
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
    int end = g.upperBound(t + window);
    for (int i = g.lowerBound(t); i < end; i++) {
      long e = g.marks.get(i).time();
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
