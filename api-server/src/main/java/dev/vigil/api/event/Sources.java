package dev.vigil.api.event;

import dev.vigil.api.system.Actor;
import dev.vigil.playbook.model.Durations;
import dev.vigil.store.event.EventSources;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** {@code GET /api/v1/sources}: where events come from and whether each still sends. */
@Service
public class Sources {

  private final EventSources sources;
  private final TenantSettingsRepository settings;

  public Sources(EventSources sources, TenantSettingsRepository settings) {
    this.sources = sources;
    this.settings = settings;
  }

  /**
   * One source.
   *
   * @param expectedInterval the longest silence the tenant's settings allow it, or null
   * @param silent whether it has been silent for longer than that
   */
  public record SourceView(
      String format,
      String system,
      Instant firstEvent,
      Instant lastEvent,
      Instant lastReceived,
      long eventsLastHour,
      long eventsLastDay,
      String expectedInterval,
      boolean silent,
      String silentAlertId) {}

  public Map<String, List<SourceView>> list(Actor actor) {
    TenantSettings s = settings.get(actor.tenant());
    Instant now = Instant.now();
    List<SourceView> items =
        sources.list(actor.tenant()).stream()
            .map(
                h -> {
                  String interval = expected(s, h.format(), h.system());
                  Duration d = interval == null ? null : Durations.parse(interval).orElse(null);
                  boolean silent = d != null && h.lastReceived().plus(d).isBefore(now);
                  return new SourceView(
                      h.format(),
                      h.system(),
                      h.firstEvent(),
                      h.lastEvent(),
                      h.lastReceived(),
                      h.eventsLastHour(),
                      h.eventsLastDay(),
                      interval,
                      silent,
                      h.silentAlertId());
                })
            .toList();
    return Map.of("items", items);
  }

  /** The allowed silence of a source: {@code format/system}, else {@code format}, else "*". */
  public static String expected(TenantSettings s, String format, String system) {
    Map<String, Object> m = s.sourceSilence();
    Object v = m.get(format + "/" + system);
    if (v == null) {
      v = m.get(format);
    }
    if (v == null) {
      v = m.get("*");
    }
    return v == null ? null : v.toString();
  }
}
