package dev.vigil.detections.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of one Windows event, read from whichever shape the record has: flat python-evtx
 * ({@code {EventID, TimeCreated, Channel, Computer, ProviderName, EventData|UserData}}), nested
 * evtx_dump / XML-to-JSON ({@code {"Event": {"System": {…}, "EventData": {…}}}} with {@code
 * #attributes}, {@code #text} or {@code @Name} forms), Winlogbeat/ECS ({@code @timestamp}, {@code
 * winlog.*}) or Wazuh eventchannel ({@code win.system}, {@code win.eventdata}, whose camelCase keys
 * get their first letter capitalised back to the Windows names: {@code targetUserName} → {@code
 * TargetUserName}).
 *
 * @param timePointer where the timestamp is in the record, for error messages
 */
record WindowsRecord(
    long eventId,
    String channel,
    String provider,
    String computer,
    String keywords,
    String level,
    String message,
    String timeText,
    String timePointer,
    Map<String, JsonNode> data) {

  static WindowsRecord read(JsonNode r) {
    if (r == null || !r.isObject()) {
      throw new RecordException("", "expected a JSON object");
    }
    JsonNode event = r.get("Event");
    if (event != null && event.isObject()) {
      JsonNode sys = event.get("System");
      if (sys == null || !sys.isObject()) {
        throw new RecordException("/Event/System", "missing System object");
      }
      JsonNode data = event.has("EventData") ? event.get("EventData") : event.get("UserData");
      return new WindowsRecord(
          eventId(sys.get("EventID"), "/Event/System/EventID"),
          scalar(sys.get("Channel")),
          attribute(sys.get("Provider"), "Name"),
          scalar(sys.get("Computer")),
          scalar(sys.get("Keywords")),
          scalar(sys.get("Level")),
          scalar(event.get("Message")),
          time(attributeNode(sys.get("TimeCreated"), "SystemTime"), "/Event/System/TimeCreated"),
          "/Event/System/TimeCreated",
          data(data, false));
    }
    JsonNode winlog = r.get("winlog");
    if (winlog != null && winlog.isObject()) {
      JsonNode id = winlog.get("event_id");
      String pointer = "/winlog/event_id";
      if (id == null && r.path("event").has("code")) {
        id = r.path("event").get("code");
        pointer = "/event/code";
      }
      JsonNode data = winlog.has("event_data") ? winlog.get("event_data") : winlog.get("user_data");
      String computer = scalar(winlog.get("computer_name"));
      return new WindowsRecord(
          eventId(id, pointer),
          scalar(winlog.get("channel")),
          scalar(winlog.get("provider_name")),
          computer != null ? computer : scalar(r.path("host").get("name")),
          keywords(winlog.get("keywords")),
          scalar(r.path("log").get("level")),
          scalar(r.get("message")),
          time(r.get("@timestamp"), "/@timestamp"),
          "/@timestamp",
          data(data, false));
    }
    JsonNode win = r.get("win");
    if (win != null && win.isObject() && win.path("system").isObject()) {
      JsonNode sys = win.get("system");
      return new WindowsRecord(
          eventId(sys.get("eventID"), "/win/system/eventID"),
          scalar(sys.get("channel")),
          scalar(sys.get("providerName")),
          scalar(sys.get("computer")),
          scalar(sys.get("keywords")),
          scalar(sys.get("level")),
          unquote(scalar(sys.get("message"))),
          time(sys.get("systemTime"), "/win/system/systemTime"),
          "/win/system/systemTime",
          data(win.get("eventdata"), true));
    }
    if (r.has("EventID")) {
      JsonNode data = r.has("EventData") ? r.get("EventData") : r.get("UserData");
      String provider = attribute(r.get("ProviderName"), "Name");
      return new WindowsRecord(
          eventId(r.get("EventID"), "/EventID"),
          scalar(r.get("Channel")),
          provider != null ? provider : attribute(r.get("Provider"), "Name"),
          scalar(r.get("Computer")),
          scalar(r.get("Keywords")),
          scalar(r.get("Level")),
          scalar(r.get("Message")),
          time(attributeNode(r.get("TimeCreated"), "SystemTime"), "/TimeCreated"),
          "/TimeCreated",
          data(data, false));
    }
    throw new RecordException("", "not a Windows event record: no EventID, Event, winlog or win");
  }

  private static long eventId(JsonNode n, String pointer) {
    if (n != null && n.isObject()) {
      n = n.has("#text") ? n.get("#text") : n.get("value");
    }
    if (n == null || n.isNull()) {
      throw new RecordException(pointer, "missing EventID");
    }
    long id = -1;
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      id = n.longValue();
    } else if (n.isTextual()) {
      String s = n.textValue().strip();
      if (!s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        id = Long.parseLong(s);
      }
    }
    if (id < 0 || id > 65535) {
      throw new RecordException(pointer, "EventID must be an integer in 0..65535");
    }
    return id;
  }

  private static String time(JsonNode n, String pointer) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw new RecordException(pointer, "missing event time");
    }
    if (!n.isTextual()) {
      throw new RecordException(pointer, "the event time must be a timestamp string");
    }
    return n.textValue().strip();
  }

  /** A scalar's text, or an XML-to-JSON element's {@code #text}; absent values are null. */
  private static String scalar(JsonNode n) {
    if (n != null && n.isObject()) {
      n = n.get("#text");
    }
    return Values.text(n);
  }

  /** An attribute of an element in any of the JSON renderings of XML, or the scalar itself. */
  private static String attribute(JsonNode n, String name) {
    return scalar(attributeNode(n, name));
  }

  private static JsonNode attributeNode(JsonNode n, String name) {
    if (n == null || !n.isObject()) {
      return n;
    }
    JsonNode attrs = n.get("#attributes");
    if (attrs != null && attrs.has(name)) {
      return attrs.get(name);
    }
    if (n.has("@" + name)) {
      return n.get("@" + name);
    }
    return n.get(name);
  }

  private static String keywords(JsonNode n) {
    if (n != null && n.isArray()) {
      StringBuilder b = new StringBuilder();
      n.forEach(k -> b.append(k.asText()).append(','));
      return b.toString();
    }
    return scalar(n);
  }

  private static String unquote(String s) {
    return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  /**
   * The named data fields. {@code <Data Name="X">v</Data>} lists become {@code X: v}; a {@code
   * UserData} wrapper element with a single child object is unwrapped; XML namespace attributes are
   * dropped.
   */
  private static Map<String, JsonNode> data(JsonNode n, boolean capitalise) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (n == null || n.isNull() || n.isMissingNode()) {
      return out;
    }
    if (!n.isObject()) {
      if (n.isArray()) {
        named(n, out);
      } else {
        out.put("Data", n);
      }
      return out;
    }
    if (n.size() == 1) {
      JsonNode only = n.elements().next();
      String key = n.fieldNames().next();
      if (only.isObject() && !key.equals("Data")) {
        n = only; // UserData's <LogFileCleared>…</LogFileCleared> wrapper
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("#attributes") || key.startsWith("@xmlns")) {
        continue;
      }
      if (key.equals("Data") && (e.getValue().isArray() || e.getValue().isObject())) {
        if (named(e.getValue(), out)) {
          continue;
        }
      }
      out.put(capitalise ? capitalise(key) : key, e.getValue());
    }
    return out;
  }

  /** Adds {@code {"@Name"|"Name"|#attributes.Name: k, "#text": v}} elements; false if none. */
  private static boolean named(JsonNode list, Map<String, JsonNode> out) {
    boolean any = false;
    Iterable<JsonNode> items = list.isArray() ? list : List.of(list);
    for (JsonNode item : items) {
      if (!item.isObject()) {
        continue;
      }
      String name = attribute(item, "Name");
      if (name != null) {
        JsonNode value = item.get("#text");
        out.put(name, value == null ? NullNode.getInstance() : value);
        any = true;
      }
    }
    return any;
  }

  private static String capitalise(String key) {
    return key.isEmpty() || Character.isUpperCase(key.charAt(0))
        ? key
        : Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }
}
