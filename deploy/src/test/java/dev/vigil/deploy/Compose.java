package dev.vigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml as a tree, and its {@code ${VAR...}} interpolations. */
final class Compose {

  static final String FILE = "docker-compose.yml";

  /**
   * {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?message}}.
   */
  static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  /** A value that is exactly one interpolation. */
  record Interpolation(String variable, String operator, String argument) {
    boolean required() {
      return operator != null && operator.endsWith("?");
    }

    Optional<String> defaultValue() {
      return operator != null && operator.endsWith("-") ? Optional.of(argument) : Optional.empty();
    }
  }

  private Compose() {}

  static String text() {
    return Repo.read(FILE);
  }

  static JsonNode tree() {
    return Yaml.parse(text());
  }

  static JsonNode service(String name) {
    return tree().path("services").path(name);
  }

  /** A service's environment (after merge keys), as written. */
  static Map<String, String> environment(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    service(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static Optional<Interpolation> whole(String value) {
    Matcher m = INTERPOLATION.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Interpolation(m.group(1), m.group(2), m.group(3)));
  }

  /** Every variable the file interpolates anywhere. */
  static java.util.Set<String> variables() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    Matcher m = INTERPOLATION.matcher(text().replaceAll("(?m)^\\s*#.*$", ""));
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
