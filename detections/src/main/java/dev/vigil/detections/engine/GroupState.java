package dev.vigil.detections.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one rule remembers about one group: recent matching events (sorted by event time), the
 * alerts that still absorb repeats, and for {@code new_value} the values seen. Bounded: marks
 * expire with the window (see {@link DetectionEngine#LATENESS}) and every list has a cap.
 */
public final class GroupState {

  static final int MAX_MARKS = 10_000;
  static final int MAX_OPEN = 16;
  static final int MAX_VALUES = 10_000;

  /** The group's field values, e.g. {@code {"src.ip": "10.0.0.1"}}. */
  public Map<String, Object> group = new LinkedHashMap<>();

  public List<Mark> marks = new ArrayList<>();
  public List<OpenAlert> open = new ArrayList<>();
  public Set<String> values = new LinkedHashSet<>();

  /** Latest event time seen by this group, epoch milliseconds. */
  public long maxTime = Long.MIN_VALUE;

  /** Adds a mark in event-time order (in-order events append). */
  void add(Mark m) {
    int n = marks.size();
    if (n == 0 || marks.get(n - 1).compareTo(m) <= 0) {
      marks.add(m);
    } else {
      int i = Collections.binarySearch(marks, m);
      marks.add(i < 0 ? -i - 1 : i, m);
    }
    if (marks.size() > MAX_MARKS) {
      marks.remove(0);
    }
  }

  /** Index of the first mark with time ≥ {@code time}. */
  int lowerBound(long time) {
    int lo = 0;
    int hi = marks.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (marks.get(mid).time() < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index past the last mark with time ≤ {@code time}. */
  int upperBound(long time) {
    return lowerBound(time == Long.MAX_VALUE ? time : time + 1);
  }

  OpenAlert covering(long time, long suppressMillis) {
    for (OpenAlert a : open) {
      if (a.covers(time, suppressMillis)) {
        return a;
      }
    }
    return null;
  }

  void replace(OpenAlert before, OpenAlert after) {
    open.set(open.indexOf(before), after);
  }

  void opened(OpenAlert a) {
    open.add(a);
    if (open.size() > MAX_OPEN) {
      open.remove(0);
    }
  }

  boolean isEmpty() {
    return marks.isEmpty() && open.isEmpty() && values.isEmpty();
  }
}
