package dev.vigil.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every route the web UI renders loads the app when opened directly (a reload, a shared link). */
class UiRoutesTest {

  static final Pattern ROUTE = Pattern.compile("<Route path=\"([^\"]+)\"");

  @Test
  void everyRouteOfTheAppIsServedTheApp() throws IOException {
    String app = Files.readString(Path.of("../ui/src/app/app.tsx"));
    List<String> routes =
        ROUTE
            .matcher(app)
            .results()
            .map(m -> m.group(1))
            .filter(r -> !r.equals("/") && !r.equals("*"))
            .map(r -> r.replaceAll(":([A-Za-z]+)", "{$1}"))
            .toList();
    assertThat(routes).hasSizeGreaterThan(20);
    assertThat(WebConfiguration.UI_ROUTES).containsExactlyInAnyOrderElementsOf(routes);
  }
}
