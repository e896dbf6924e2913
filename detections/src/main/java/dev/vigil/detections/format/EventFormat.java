package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detections.event.Event;
import java.util.List;

/**
 * One ingest format: turns one source record into canonical events. A record is a JSON value: an
 * object for JSON formats, a string (one line) for line formats. Parsers are stateless and
 * thread-safe; one record may yield several events ({@code message repeated N times}) or none (a
 * line that carries nothing worth keeping is still accepted as an event of type {@code log}).
 */
public interface EventFormat {

  /** The {@code source=} name, e.g. {@code syslog-sshd}. */
  String name();

  /** Whether records are text lines (then {@code text/plain} bodies are accepted). */
  default boolean lineFormat() {
    return false;
  }

  /**
   * Parses one record.
   *
   * @throws RecordException when the record cannot be read; its pointer is relative to the record
   */
  List<Event> parse(JsonNode record, ParseContext context);
}
