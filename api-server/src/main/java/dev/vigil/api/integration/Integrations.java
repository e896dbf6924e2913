package dev.vigil.api.integration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.billing.Entitlements;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.Audit;
import dev.vigil.playbook.integration.Providers;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.schema.JsonSchemas;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.store.connection.ConnectionRepository;
import dev.vigil.store.connection.ConnectionRepository.ConnectionRecord;
import dev.vigil.store.connection.SecretBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * The integrations manager: a tenant's connections, each of a provider, with a configuration its
 * provider's JSON Schema accepts and write-only secrets sealed at rest ({@link SecretBox}). Every
 * change is versioned and audited; secrets are never returned, logged or audited — only their
 * names.
 */
@Service
public class Integrations {

  static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final ConnectionRepository repo;
  private final SecretBox box;
  private final Audit audit;
  private final org.springframework.context.ApplicationEventPublisher events;
  private final dev.vigil.store.notify.NotificationRepository notifications;
  private final Entitlements entitlements;

  Integrations(
      ConnectionRepository repo,
      SecretBox box,
      Audit audit,
      org.springframework.context.ApplicationEventPublisher events,
      dev.vigil.store.notify.NotificationRepository notifications,
      Entitlements entitlements) {
    this.entitlements = entitlements;
    this.repo = repo;
    this.box = box;
    this.audit = audit;
    this.events = events;
    this.notifications = notifications;
  }

  /** A connection was added (after its commit). */
  public record ConnectionAdded(String tenant, String name, String provider) {}

  /** A connection was deleted (after its commit). */
  public record ConnectionRemoved(String tenant, String name, String provider) {}

  /** {@code POST /api/v1/integrations}. */
  public record CreateRequest(
      String name, String provider, JsonNode config, Map<String, Object> secrets) {}

  /** {@code PATCH /api/v1/integrations/{name}}: config replaces, secrets set or (null) unset. */
  public record UpdateRequest(Integer version, JsonNode config, Map<String, Object> secrets) {}

  public List<ApiConnection> list(Actor actor) {
    return repo.list(actor.tenant()).stream().map(ApiConnection::of).toList();
  }

  public ApiConnection get(Actor actor, String name) {
    return ApiConnection.of(require(actor, name));
  }

  public ApiConnection create(Actor actor, CreateRequest req) {
    if (req == null) {
      throw ApiException.invalid("", "a connection needs name, provider, config and secrets");
    }
    if (req.name() == null || !NAME.matcher(req.name()).matches()) {
      throw ApiException.invalid(
          "/name", "name must be 1 to 63 lower-case letters, digits and dashes, e.g. wazuh-prod");
    }
    Providers.Provider p =
        Providers.get(req.provider())
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "/provider",
                        "provider must be one of "
                            + Providers.all().stream().map(Providers.Provider::provider).toList()));
    if ("wazuh".equals(p.provider())) {
      // the Wazuh module, and room for at least one more agent
      entitlements.requireModule(actor.tenant(), "wazuh");
      entitlements.require(actor.tenant(), "wazuhAgents", 1);
    }
    Map<String, Object> config = checkConfig(p, req.config());
    Map<String, String> secrets = new LinkedHashMap<>();
    applySecrets(p, secrets, req.secrets());
    requireSecrets(p, secrets);
    SecretBox.Sealed sealed = seal(actor.tenant(), req.name(), secrets);
    if (!repo.create(
        actor.tenant(),
        req.name(),
        p.provider(),
        config,
        List.copyOf(new TreeSet<>(secrets.keySet())),
        sealed,
        actor.user())) {
      throw ApiException.conflict(
          "connection-exists", "the tenant already has a connection named '" + req.name() + "'");
    }
    audit.record(
        actor,
        "integration.create",
        target(req.name()),
        Audit.SUCCESS,
        Map.of("provider", p.provider(), "secrets", new TreeSet<>(secrets.keySet())));
    events.publishEvent(new ConnectionAdded(actor.tenant(), req.name(), p.provider()));
    return get(actor, req.name());
  }

  public ApiConnection update(Actor actor, String name, UpdateRequest req) {
    ConnectionRecord current = require(actor, name);
    if (req == null || (req.config() == null && req.secrets() == null)) {
      throw ApiException.invalid("/config", "give config, secrets or both");
    }
    if (req.version() != null && req.version() != current.version()) {
      throw stale(current);
    }
    Providers.Provider p = provider(current);
    Map<String, Object> config =
        req.config() == null ? current.config() : checkConfig(p, req.config());
    Map<String, String> secrets = open(current);
    applySecrets(p, secrets, req.secrets());
    requireSecrets(p, secrets);
    String change = req.config() == null ? "secrets" : "updated";
    int version = write(actor, current, config, secrets, change);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", version);
    if (req.config() != null) {
      details.put("config", Json.normalize(diffKeys(current.config(), config)));
    }
    if (req.secrets() != null) {
      details.put("secretsChanged", new TreeSet<>(req.secrets().keySet()));
    }
    audit.record(actor, "integration.update", target(name), Audit.SUCCESS, details);
    return get(actor, name);
  }

  /** Restores the configuration of an earlier version as a new version (secrets unchanged). */
  public ApiConnection restore(Actor actor, String name, int version) {
    ConnectionRecord current = require(actor, name);
    ConnectionRepository.ConnectionVersion old =
        repo.versions(actor.tenant(), name).stream()
            .filter(v -> v.version() == version)
            .findFirst()
            .orElseThrow(
                () -> ApiException.notFound("connection '" + name + "' has no version " + version));
    Providers.Provider p = provider(current);
    Map<String, Object> config = checkConfig(p, Json.toNode(old.config()));
    int next = write(actor, current, config, open(current), "restored");
    audit.record(
        actor,
        "integration.restore",
        target(name),
        Audit.SUCCESS,
        Map.of("from", version, "version", next));
    return get(actor, name);
  }

  public List<ApiConnection.Version> versions(Actor actor, String name) {
    require(actor, name);
    return repo.versions(actor.tenant(), name).stream().map(ApiConnection.Version::of).toList();
  }

  public void delete(Actor actor, String name) {
    ConnectionRecord c = require(actor, name);
    List<String> routes = notifications.routesUsing(actor.tenant(), name);
    if (!routes.isEmpty()) {
      throw ApiException.conflict(
          "in-use",
          "notification routes "
              + routes
              + " send to '"
              + name
              + "'; delete them or point them elsewhere first");
    }
    repo.delete(actor.tenant(), name);
    audit.record(actor, "integration.delete", target(name), Audit.SUCCESS, Map.of());
    events.publishEvent(new ConnectionRemoved(actor.tenant(), name, c.provider()));
  }

  // ---------------------------------------------------------------- helpers

  private int write(
      Actor actor,
      ConnectionRecord current,
      Map<String, Object> config,
      Map<String, String> secrets,
      String change) {
    return repo.update(
            actor.tenant(),
            current.name(),
            current.version(),
            config,
            List.copyOf(new TreeSet<>(secrets.keySet())),
            seal(actor.tenant(), current.name(), secrets),
            change,
            actor.user())
        .orElseThrow(() -> stale(current));
  }

  private static ApiException stale(ConnectionRecord current) {
    return ApiException.conflict(
        "connection-changed",
        "connection '"
            + current.name()
            + "' was changed meanwhile (now version "
            + current.version()
            + "); reload it and apply your change again");
  }

  ConnectionRecord require(Actor actor, String name) {
    return repo.get(actor.tenant(), name)
        .orElseThrow(() -> ApiException.notFound("no connection '" + name + "'"));
  }

  private static Providers.Provider provider(ConnectionRecord r) {
    return Providers.get(r.provider())
        .orElseThrow(
            () ->
                ApiException.conflict(
                    "unknown-provider",
                    "connection '"
                        + r.name()
                        + "' is of provider '"
                        + r.provider()
                        + "', which this version of Vigil does not know"));
  }

  private static Map<String, Object> checkConfig(Providers.Provider p, JsonNode config) {
    if (config == null || !config.isObject()) {
      throw ApiException.invalid(
          "/config", "config is an object (see GET /api/v1/integrations/providers)");
    }
    List<Finding> findings = JsonSchemas.check(Providers.schema(p.provider()), config, "/config");
    if (!findings.isEmpty()) {
      throw ApiException.invalid(
          "the configuration does not match the " + p.provider() + " provider's schema",
          findings.stream()
              .map(f -> new ApiException.FieldError(f.pointer(), f.message(), null))
              .toList());
    }
    return Json.normalizeMap(Json.MAPPER.convertValue(config, Map.class));
  }

  /** Lays {@code given} over {@code secrets}: a text sets, null unsets; unknown names are 422. */
  private static void applySecrets(
      Providers.Provider p, Map<String, String> secrets, Map<String, Object> given) {
    if (given == null) {
      return;
    }
    List<ApiException.FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, Object> e : given.entrySet()) {
      String pointer = "/secrets/" + Json.pointerToken(e.getKey());
      if (p.secret(e.getKey()).isEmpty()) {
        errors.add(
            new ApiException.FieldError(
                pointer,
                "the "
                    + p.provider()
                    + " provider takes no secret '"
                    + e.getKey()
                    + "'; it takes "
                    + p.secrets().stream().map(Providers.SecretSpec::name).toList(),
                null));
      } else if (e.getValue() == null) {
        secrets.remove(e.getKey());
      } else if (!(e.getValue() instanceof String s) || s.isEmpty() || s.length() > 16_384) {
        errors.add(
            new ApiException.FieldError(
                pointer, "a secret is a text of 1 to 16384 characters", null));
      } else {
        secrets.put(e.getKey(), s);
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("the secrets are not what the provider takes", errors);
    }
  }

  private static void requireSecrets(Providers.Provider p, Map<String, String> secrets) {
    List<ApiException.FieldError> missing = new ArrayList<>();
    for (Providers.SecretSpec s : p.secrets()) {
      if (s.required() && !secrets.containsKey(s.name())) {
        missing.add(
            new ApiException.FieldError(
                "/secrets/" + s.name(),
                "the " + p.provider() + " provider needs " + s.name(),
                null));
      }
    }
    if (!missing.isEmpty()) {
      throw ApiException.invalid("required secrets are missing", missing);
    }
  }

  private SecretBox.Sealed seal(String tenant, String name, Map<String, String> secrets) {
    if (secrets.isEmpty()) {
      return null;
    }
    try {
      return box.seal(tenant, name, secrets);
    } catch (SecretBox.SecretsUnavailable e) {
      throw ApiException.unavailable(e.getMessage());
    }
  }

  private Map<String, String> open(ConnectionRecord r) {
    if (r.secrets() == null) {
      return new LinkedHashMap<>();
    }
    try {
      return new LinkedHashMap<>(box.open(r.tenant(), r.name(), r.secrets()));
    } catch (SecretBox.SecretsUnavailable e) {
      throw ApiException.unavailable(e.getMessage());
    }
  }

  /** The top-level config keys a change added, removed or changed (values are not audited). */
  private static Map<String, List<String>> diffKeys(
      Map<String, Object> before, Map<String, Object> after) {
    return Map.of(
        "added", after.keySet().stream().filter(k -> !before.containsKey(k)).sorted().toList(),
        "removed", before.keySet().stream().filter(k -> !after.containsKey(k)).sorted().toList(),
        "changed",
            after.keySet().stream()
                .filter(k -> before.containsKey(k) && !Objects.equals(before.get(k), after.get(k)))
                .sorted()
                .toList());
  }

  private static String target(String name) {
    return "integration/" + name;
  }
}
