package dev.vigil.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The settings the apps really read, found in their sources: every {@code ${NAME:default}}
 * placeholder in {@code <module>/src/main/resources/**.yml} and every {@code "VIGIL_..."} string
 * literal in {@code <module>/src/main/java} (environment reads such as {@code
 * env.getOrDefault("VIGIL_DATA_DIR", ...)}; a literal ending in {@code _}, e.g. {@code
 * "VIGIL_SECRET_"}, is the prefix of a family of names).
 */
final class AppSettings {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
  private static final Pattern JAVA_LITERAL = Pattern.compile("\"(VIGIL_[A-Z0-9_]*)\"");

  /** One setting: its default where a yml file gives one, and the modules that read it. */
  record Setting(String name, Optional<String> defaultValue, Set<String> modules) {}

  private final Map<String, Setting> settings;
  private final Set<String> prefixes;

  private AppSettings(Map<String, Setting> settings, Set<String> prefixes) {
    this.settings = settings;
    this.prefixes = prefixes;
  }

  static AppSettings scan() {
    Map<String, Setting> found = new TreeMap<>();
    Set<String> prefixes = new LinkedHashSet<>();
    try (Stream<Path> modules = Files.list(Repo.ROOT)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))).toList()) {
        String name = module.getFileName().toString();
        for (Path yml : files(module.resolve("src/main/resources"), ".yml", ".yaml")) {
          Matcher m = PLACEHOLDER.matcher(Files.readString(yml));
          // store's config/*.yml (operations defaults) is imported by both apps
          List<String> readers =
              name.equals("store") && yml.getParent().endsWith("config")
                  ? List.of("api-server", "worker")
                  : List.of(name);
          while (m.find()) {
            for (String reader : readers) {
              add(found, m.group(1), Optional.ofNullable(m.group(2)), reader);
            }
          }
        }
        for (Path java : files(module.resolve("src/main/java"), ".java")) {
          Matcher m = JAVA_LITERAL.matcher(Files.readString(java));
          while (m.find()) {
            if (m.group(1).endsWith("_")) {
              prefixes.add(m.group(1));
            } else {
              add(found, m.group(1), Optional.empty(), name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AppSettings(found, prefixes);
  }

  private static void add(
      Map<String, Setting> found, String name, Optional<String> def, String module) {
    Setting old = found.get(name);
    Set<String> modules = new LinkedHashSet<>(old == null ? Set.of() : old.modules());
    modules.add(module);
    Optional<String> d = old != null && old.defaultValue().isPresent() ? old.defaultValue() : def;
    found.put(name, new Setting(name, d, modules));
  }

  private static List<Path> files(Path dir, String... suffixes) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(p.toString()::endsWith))
          .sorted()
          .toList();
    }
  }

  /** Every setting with a fixed name. */
  Collection<Setting> all() {
    return settings.values();
  }

  Set<String> names() {
    return settings.keySet();
  }

  Optional<Setting> get(String name) {
    return Optional.ofNullable(settings.get(name));
  }

  /** Families of names read through a prefix, e.g. VIGIL_SECRET_. */
  Set<String> prefixes() {
    return prefixes;
  }

  /** Whether {@code name} is read by one of {@code modules} (a pending setting by both apps). */
  boolean readBy(String name, String... modules) {
    Setting s = settings.get(name);
    return s != null && Stream.of(modules).anyMatch(s.modules()::contains);
  }

  /** Names read by one of {@code modules}. */
  Set<String> namesReadBy(String... modules) {
    Set<String> out = new LinkedHashSet<>();
    for (Setting s : settings.values()) {
      if (Stream.of(modules).anyMatch(s.modules()::contains)) {
        out.add(s.name());
      }
    }
    return out;
  }
}
