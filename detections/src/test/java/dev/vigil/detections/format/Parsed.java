package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** What a format made of a list of records: the events, and the records it rejected. */
record Parsed(int records, List<Event> events, List<RecordException> rejected) {

  static Parsed of(EventFormat format, List<JsonNode> records, ParseContext context) {
    List<Event> events = new ArrayList<>();
    List<RecordException> rejected = new ArrayList<>();
    for (JsonNode r : records) {
      try {
        events.addAll(format.parse(r, context));
      } catch (RecordException e) {
        rejected.add(e);
      }
    }
    return new Parsed(records.size(), events, rejected);
  }

  /** Event counts by a key, sorted, for readable assertion failures. */
  Map<String, Long> countBy(Function<Event, String> key) {
    Map<String, Long> m = new TreeMap<>();
    events.forEach(e -> m.merge(String.valueOf(key.apply(e)), 1L, Long::sum));
    return m;
  }

  static String typeOutcome(Event e) {
    return e.type() + "/" + e.outcome();
  }

  static String typeAction(Event e) {
    return e.type() + "/" + e.action();
  }
}
