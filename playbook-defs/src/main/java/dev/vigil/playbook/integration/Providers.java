package dev.vigil.playbook.integration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The providers a connection may be of ({@code integrations/providers.json}): the JSON Schema of
 * each one's configuration and the secrets it takes.
 */
public final class Providers {

  /** A secret a provider takes. */
  public record SecretSpec(String name, boolean required, String description) {}

  /**
   * One provider.
   *
   * @param channel whether its connections can be notification channels (routes send to them)
   */
  public record Provider(
      String provider,
      String title,
      String description,
      JsonNode config,
      List<SecretSpec> secrets,
      boolean channel) {

    public Optional<SecretSpec> secret(String name) {
      return secrets.stream().filter(s -> s.name().equals(name)).findFirst();
    }
  }

  private static final Map<String, Provider> ALL = load();
  private static final Map<String, com.networknt.schema.Schema> SCHEMAS = compile();

  private Providers() {}

  private static Map<String, Provider> load() {
    try (InputStream in = Providers.class.getResourceAsStream("/integrations/providers.json")) {
      if (in == null) {
        throw new IllegalStateException("integrations/providers.json is missing");
      }
      JsonNode doc = Json.MAPPER.readTree(in);
      Map<String, Provider> out = new LinkedHashMap<>();
      for (JsonNode p : doc.path("providers")) {
        List<SecretSpec> secrets = new ArrayList<>();
        for (JsonNode s : p.path("secrets")) {
          secrets.add(
              new SecretSpec(
                  s.path("name").asText(),
                  s.path("required").asBoolean(false),
                  s.path("description").asText(null)));
        }
        out.put(
            p.path("provider").asText(),
            new Provider(
                p.path("provider").asText(),
                p.path("title").asText(),
                p.path("description").asText(null),
                p.path("config"),
                List.copyOf(secrets),
                p.path("channel").asBoolean(false)));
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, com.networknt.schema.Schema> compile() {
    Map<String, com.networknt.schema.Schema> out = new LinkedHashMap<>();
    ALL.forEach((k, p) -> out.put(k, dev.vigil.playbook.schema.JsonSchemas.compile(p.config())));
    return Map.copyOf(out);
  }

  /** The compiled schema of a provider's configuration. */
  public static com.networknt.schema.Schema schema(String provider) {
    com.networknt.schema.Schema s = SCHEMAS.get(provider);
    if (s == null) {
      throw new IllegalArgumentException("no provider " + provider);
    }
    return s;
  }

  public static Optional<Provider> get(String provider) {
    return Optional.ofNullable(provider == null ? null : ALL.get(provider));
  }

  /** Every provider, by name. */
  public static List<Provider> all() {
    return ALL.values().stream()
        .sorted(java.util.Comparator.comparing(Provider::provider))
        .toList();
  }
}
