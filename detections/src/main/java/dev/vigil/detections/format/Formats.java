package dev.vigil.detections.format;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The ingest formats by their {@code source=} name. */
public final class Formats {

  private static final Map<String, EventFormat> BY_NAME = new LinkedHashMap<>();

  static {
    for (EventFormat f :
        List.<EventFormat>of(
            new CanonicalFormat(),
            new SshdSyslogFormat(),
            new WindowsEventFormat(),
            new SuricataEveFormat(),
            new WazuhAlertFormat())) {
      BY_NAME.put(f.name(), f);
    }
  }

  private Formats() {}

  public static Optional<EventFormat> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
