package dev.vigil.api.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.model.Durations;
import dev.vigil.store.settings.TenantSettings;
import dev.vigil.store.settings.TenantSettingsRepository;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The tenant's settings ({@code GET/PATCH /api/v1/settings}): the timezone outside-hours rules use,
 * how long events and finished reports are kept, how long each source may stay silent, what scans
 * may reach and how many run at once, and the file store's limits. Unknown keys are refused.
 */
@Service
public class Settings {

  static final Set<String> KEYS =
      Set.of(
          "timezone",
          "retentionDays",
          "sourceSilence",
          "agentDisconnectedAfter",
          "scanScope",
          "scanConcurrency",
          "maxUploadBytes",
          "fileQuotaBytes",
          "dlpPatterns",
          "reportRetentionDays");

  private final TenantSettingsRepository settings;
  private final Audit audit;
  private final Entitlements entitlements;

  public Settings(TenantSettingsRepository settings, Audit audit, Entitlements entitlements) {
    this.settings = settings;
    this.audit = audit;
    this.entitlements = entitlements;
  }

  public TenantSettings get(Actor actor) {
    return settings.get(actor.tenant());
  }

  public TenantSettings patch(Actor actor, String body) {
    JsonNode patch;
    try {
      patch = Json.parse(body);
    } catch (IOException e) {
      throw ApiException.invalid("", "the body must be a JSON object");
    }
    if (!patch.isObject()) {
      throw ApiException.invalid("", "the body must be a JSON object");
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    TenantSettings current = settings.get(actor.tenant());
    String timezone = current.timezone();
    int retention = current.retentionDays();
    Map<String, Object> silence = current.sourceSilence();
    String disconnected = current.agentDisconnectedAfter();
    List<String> scope = current.scanScope();
    int concurrency = current.scanConcurrency();
    long maxUpload = current.maxUploadBytes();
    long quota = current.fileQuotaBytes();
    List<TenantSettings.DlpPattern> dlp = current.dlpPatterns();
    int reportRetention = current.reportRetentionDays();
    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        errors.add(new ApiException.FieldError("/" + k, "unknown setting; known: " + KEYS, null));
      }
    }
    if (patch.has("timezone")) {
      timezone = patch.get("timezone").asText();
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        errors.add(
            new ApiException.FieldError(
                "/timezone",
                "'" + timezone + "' is not a timezone",
                "use an IANA name such as Europe/Paris"));
      }
    }
    if (patch.has("retentionDays")) {
      retention = days(patch.get("retentionDays"), "/retentionDays", 1, null, errors, retention);
    }
    if (patch.has("reportRetentionDays")) {
      reportRetention =
          days(
              patch.get("reportRetentionDays"),
              "/reportRetentionDays",
              0,
              "0 keeps finished reports until someone deletes them",
              errors,
              reportRetention);
    }
    if (patch.has("sourceSilence")) {
      JsonNode s = patch.get("sourceSilence");
      if (!s.isObject()) {
        errors.add(
            new ApiException.FieldError(
                "/sourceSilence", "must be an object: source → duration", null));
      } else {
        silence = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String pointer = "/sourceSilence/" + Json.pointerToken(e.getKey());
          if (!e.getValue().isTextual() || Durations.parse(e.getValue().asText()).isEmpty()) {
            errors.add(new ApiException.FieldError(pointer, "must be a duration", Durations.HINT));
          } else {
            silence.put(e.getKey(), e.getValue().asText());
          }
        }
      }
    }
    if (patch.has("agentDisconnectedAfter")) {
      JsonNode d = patch.get("agentDisconnectedAfter");
      if (!d.isTextual() || Durations.parse(d.asText()).isEmpty()) {
        errors.add(
            new ApiException.FieldError(
                "/agentDisconnectedAfter", "must be a duration", Durations.HINT));
      } else {
        disconnected = d.asText();
      }
    }
    if (patch.has("scanScope")) {
      JsonNode sc = patch.get("scanScope");
      if (!sc.isArray() || sc.size() > 500) {
        errors.add(
            new ApiException.FieldError(
                "/scanScope",
                "must be a list of at most 500 blocks and host names",
                "e.g. [\"10.0.0.0/8\", \"*.corp.example.com\"]"));
      } else {
        scope = new ArrayList<>();
        for (int i = 0; i < sc.size(); i++) {
          try {
            scope.add(dev.vigil.workflows.scan.ScanTargets.scopeEntry(sc.get(i).asText()).text());
          } catch (IllegalArgumentException e) {
            errors.add(
                new ApiException.FieldError(
                    "/scanScope/" + i,
                    e.getMessage(),
                    "an IPv4/IPv6 address or block, a host name, or *.domain"));
          }
        }
      }
    }
    if (patch.has("scanConcurrency")) {
      JsonNode c = patch.get("scanConcurrency");
      if (!c.isIntegralNumber() || c.asInt() < 1 || c.asInt() > 20) {
        errors.add(
            new ApiException.FieldError(
                "/scanConcurrency", "must be a whole number of scans from 1 to 20", null));
      } else {
        concurrency = c.asInt();
      }
    }
    if (patch.has("maxUploadBytes")) {
      maxUpload =
          bytes(patch.get("maxUploadBytes"), "/maxUploadBytes", 10L << 30, errors, maxUpload);
    }
    if (patch.has("fileQuotaBytes")) {
      quota = bytes(patch.get("fileQuotaBytes"), "/fileQuotaBytes", 1L << 40, errors, quota);
    }
    if (patch.has("dlpPatterns")) {
      dlp = dlpPatterns(patch.get("dlpPatterns"), errors);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("the settings have " + errors.size() + " error(s)", errors);
    }
    if (retention > current.retentionDays()) { // keeping more than now: within the plan's days
      entitlements.requireSetting(
          actor.tenant(), "eventRetentionDays", retention, "/retentionDays");
    }
    TenantSettings saved =
        settings.put(
            actor.tenant(),
            new TenantSettings(
                timezone,
                retention,
                silence,
                disconnected,
                scope,
                concurrency,
                maxUpload,
                quota,
                dlp,
                reportRetention),
            actor.user());
    List<String> changed = new ArrayList<>();
    patch.fieldNames().forEachRemaining(changed::add);
    audit.record(actor, "settings.change", "settings", Audit.SUCCESS, Map.of("changed", changed));
    return saved;
  }

  /** A whole number of days from {@code min} to 3650, else an error at {@code pointer}. */
  private static int days(
      JsonNode n,
      String pointer,
      int min,
      String hint,
      List<ApiException.FieldError> errors,
      int current) {
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > 3650) {
      errors.add(
          new ApiException.FieldError(
              pointer, "must be a whole number of days from " + min + " to 3650", hint));
      return current;
    }
    return n.asInt();
  }

  private static long bytes(
      JsonNode n, String pointer, long max, List<ApiException.FieldError> errors, long current) {
    if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > max) {
      errors.add(
          new ApiException.FieldError(
              pointer,
              "must be a whole number of bytes from 1 to " + max,
              "e.g. 104857600 (100 MiB)"));
      return current;
    }
    return n.asLong();
  }

  private static final java.util.regex.Pattern DLP_NAME =
      java.util.regex.Pattern.compile("^[a-z][a-z0-9_]{0,39}$");

  private static List<TenantSettings.DlpPattern> dlpPatterns(
      JsonNode n, List<ApiException.FieldError> errors) {
    if (!n.isArray() || n.size() > 50) {
      errors.add(
          new ApiException.FieldError(
              "/dlpPatterns",
              "must be a list of at most 50 patterns",
              "[{\"name\": \"project_codename\", \"regex\": \"BLUE-HERON-\\\\d{3}\"}]"));
      return List.of();
    }
    List<TenantSettings.DlpPattern> out = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (dev.vigil.detections.dlp.DlpScanner.Rule r : dev.vigil.detections.dlp.DlpScanner.BUNDLED) {
      names.add(r.name());
    }
    for (int i = 0; i < n.size(); i++) {
      JsonNode p = n.get(i);
      String name = p.path("name").asText("");
      String regex = p.path("regex").asText("");
      if (!p.isObject() || p.size() != 2 || !p.has("name") || !p.has("regex")) {
        errors.add(
            new ApiException.FieldError(
                "/dlpPatterns/" + i, "a pattern is {\"name\", \"regex\"} and nothing else", null));
        continue;
      }
      if (!DLP_NAME.matcher(name).matches()) {
        errors.add(
            new ApiException.FieldError(
                "/dlpPatterns/" + i + "/name",
                "'" + name + "' is not a pattern name",
                "lower-case letters, digits and _, starting with a letter"));
      } else if (!names.add(name)) {
        errors.add(
            new ApiException.FieldError(
                "/dlpPatterns/" + i + "/name",
                "'" + name + "' is already a pattern (bundled or earlier in the list)",
                null));
      }
      try {
        dev.vigil.detections.dlp.DlpScanner.compile(regex);
      } catch (IllegalArgumentException e) {
        errors.add(
            new ApiException.FieldError("/dlpPatterns/" + i + "/regex", e.getMessage(), null));
      }
      out.add(new TenantSettings.DlpPattern(name, regex));
    }
    return out;
  }
}
