package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * .env.example lists every setting the apps read, with the app's default and a comment, and nothing
 * else but the variables docker-compose.yml interpolates.
 */
class EnvExampleTest {

  /** {@code NAME=value} or, for an optional entry, {@code #NAME=value}. */
  static final Pattern ENTRY = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");

  record Entry(String name, String value, boolean optional, String comment) {}

  final AppSettings settings = AppSettings.scan();
  final Map<String, Entry> entries = parse(Repo.read(".env.example"));

  static Map<String, Entry> parse(String text) {
    Map<String, Entry> out = new LinkedHashMap<>();
    String previous = "";
    for (String line : text.split("\n")) {
      Matcher m = ENTRY.matcher(line);
      if (m.matches()) {
        assertThat(out).as("listed twice: " + m.group(1)).doesNotContainKey(m.group(1));
        String comment = previous.startsWith("# ") ? previous.substring(2).trim() : "";
        out.put(m.group(1), new Entry(m.group(1), m.group(2), line.startsWith("#"), comment));
      }
      previous = line;
    }
    return out;
  }

  @Test
  void listsEverySettingTheAppsRead() {
    assertThat(entries.keySet()).containsAll(settings.names());
  }

  @Test
  void everyEntryIsASettingOrAComposeVariable() {
    Set<String> composeVariables = Compose.variables();
    List<String> unknown = new ArrayList<>();
    for (String name : entries.keySet()) {
      boolean appSetting = settings.names().contains(name);
      if (name.startsWith("VIGIL_")
          ? !appSetting
          : !appSetting && !composeVariables.contains(name)) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("not read by any app nor interpolated by docker-compose.yml").isEmpty();
  }

  @Test
  void everyVariableTheComposeFileInterpolatesIsListed() {
    assertThat(entries.keySet()).containsAll(Compose.variables());
  }

  @Test
  void everyEntryHasAOneLineComment() {
    entries.values().forEach(e -> assertThat(e.comment()).as(e.name()).isNotBlank());
  }

  @Test
  void optionalEntriesShowTheAppsDefault() {
    List<String> differ = new ArrayList<>();
    for (Entry e : entries.values()) {
      settings
          .get(e.name())
          .flatMap(AppSettings.Setting::defaultValue)
          .ifPresent(
              d -> {
                if (e.optional() && !d.equals(e.value())) {
                  differ.add(e.name() + "=" + e.value() + " but the app's default is '" + d + "'");
                }
              });
    }
    assertThat(differ).isEmpty();
  }

  @Test
  void onlyTheValuesComposeRequiresAreActiveLines() {
    // copying the file to .env must not change a default; the required ones are left empty so
    // that docker-compose stops with their message until they are filled in
    List<String> active =
        entries.values().stream().filter(e -> !e.optional()).map(Entry::name).toList();
    assertThat(active)
        .containsExactlyInAnyOrder(
            "VIGIL_PAYLOAD_KEY", "VIGIL_SECRETS_KEY", "VIGIL_BOOTSTRAP_ADMIN_PASSWORD");
    for (String name : active) {
      assertThat(entries.get(name).value()).isEmpty();
      String compose = Compose.environment("api").get(name);
      assertThat(Compose.whole(compose).orElseThrow().required()).as(name).isTrue();
    }
  }
}
