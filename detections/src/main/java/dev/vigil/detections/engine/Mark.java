package dev.vigil.detections.engine;

/**
 * One matching event remembered by a group: its event time, id, when it was ingested, and a tag
 * (the sequence step, or the distinct value).
 *
 * @param time event time, epoch milliseconds
 * @param seenAt ingest time, epoch milliseconds (what lateness is measured in)
 */
public record Mark(long time, String id, long seenAt, String tag) implements Comparable<Mark> {

  @Override
  public int compareTo(Mark o) {
    int c = Long.compare(time, o.time);
    return c != 0 ? c : id.compareTo(o.id);
  }
}
