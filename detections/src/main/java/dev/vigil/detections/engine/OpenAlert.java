package dev.vigil.detections.engine;

/**
 * An alert a group has raised and that still absorbs repeats: events whose time lies within {@code
 * suppress} of its span fold into it.
 *
 * @param first earliest event time, epoch milliseconds
 * @param last latest event time
 * @param seenAt ingest time of the latest event folded in
 */
public record OpenAlert(String id, long first, long last, long seenAt) {

  boolean covers(long time, long suppressMillis) {
    return time >= first - suppressMillis && time <= last + suppressMillis;
  }

  OpenAlert fold(long time, long seen) {
    return new OpenAlert(id, Math.min(first, time), Math.max(last, time), Math.max(seenAt, seen));
  }
}
