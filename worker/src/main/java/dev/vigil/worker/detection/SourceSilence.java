package dev.vigil.worker.detection;

import dev.vigil.playbook.model.Durations;
import dev.vigil.store.detection.AlertRepository;
import dev.vigil.store.event.EventSources;
import dev.vigil.store.event.SourceHealth;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Sensors that stop sending are an incident too: a source silent for longer than the tenant allows
 * it ({@code sourceSilence} setting) raises one {@code source-silence} alert; when it sends again
 * the source is cleared (the alert stays for analysts to close) and a later silence raises anew.
 */
public final class SourceSilence {

  public static final String RULE = "source-silence";

  private final EventSources sources;
  private final TenantSettingsRepository settings;
  private final AlertRepository alerts;

  public SourceSilence(DataSource dataSource) {
    this.sources = new EventSources(dataSource);
    this.settings = new TenantSettingsRepository(dataSource);
    this.alerts = new AlertRepository(dataSource);
  }

  /** Checks every tenant's sources at {@code now}; returns the alerts raised. */
  public int check(Instant now) {
    int raised = 0;
    for (String tenant : sources.tenants()) {
      TenantSettings s = settings.get(tenant);
      if (s.sourceSilence().isEmpty()) {
        continue;
      }
      for (SourceHealth h : sources.list(tenant)) {
        String allowed = s.silenceFor(h.format(), h.system());
        Duration d = allowed == null ? null : Durations.parse(allowed).orElse(null);
        boolean silent = d != null && h.lastReceived().plus(d).isBefore(now);
        if (silent && h.silentAlertId() == null) {
          UUID id =
              UUID.nameUUIDFromBytes(
                  String.join(
                          "\u001f",
                          tenant,
                          RULE,
                          h.format(),
                          h.system(),
                          h.lastReceived().toString())
                      .getBytes(StandardCharsets.UTF_8));
          String name = h.system().isEmpty() ? h.format() : h.format() + "/" + h.system();
          Map<String, Object> group = new LinkedHashMap<>();
          group.put("source.format", h.format());
          group.put("source.system", h.system());
          alerts.raiseSystemAlert(
              tenant,
              id,
              RULE,
              "Source " + name + " silent for more than " + allowed,
              "medium",
              "host",
              h.system().isEmpty() ? h.format() : h.system(),
              group,
              h.lastReceived(),
              now);
          sources.markSilent(tenant, h.format(), h.system(), id);
          raised++;
        } else if (!silent && h.silentAlertId() != null) {
          sources.markSilent(tenant, h.format(), h.system(), null);
        }
      }
    }
    return raised;
  }
}
