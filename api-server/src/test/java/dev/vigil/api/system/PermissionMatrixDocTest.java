package dev.vigil.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The permission matrix in docs/security.md is the one {@link Role} implements. */
class PermissionMatrixDocTest {

  @Test
  void documentedMatrixEqualsTheCode() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "security.md"));
    int start =
        doc.indexOf(
            "| permission | owner | admin | engineer | analyst | viewer | auditor | ingestor |");
    assertThat(start).as("docs/security.md has the permission matrix").isPositive();
    List<String> columns =
        List.of("owner", "admin", "engineer", "analyst", "viewer", "auditor", "ingestor");
    Map<Role, Set<Permission>> documented = new LinkedHashMap<>();
    for (Role r : Role.values()) {
      documented.put(r, EnumSet.noneOf(Permission.class));
    }
    Set<Permission> rows = EnumSet.noneOf(Permission.class);
    Pattern row =
        Pattern.compile("^\\| `([a-z.]+)`[^|]*((?:\\|[^|\\n]*){7})\\|$", Pattern.MULTILINE);
    Matcher m = row.matcher(doc.substring(start));
    while (m.find()) {
      Permission p =
          EnumSet.allOf(Permission.class).stream()
              .filter(x -> x.key().equals(m.group(1)))
              .findFirst()
              .orElseThrow(() -> new AssertionError("unknown permission " + m.group(1)));
      rows.add(p);
      String[] cells = m.group(2).substring(1).split("\\|", -1);
      for (int i = 0; i < columns.size(); i++) {
        if (cells[i].trim().equals("✓")) {
          documented.get(Role.of(columns.get(i)).orElseThrow()).add(p);
        }
      }
    }
    assertThat(rows).as("every permission has a row").isEqualTo(EnumSet.allOf(Permission.class));
    for (Role r : Role.values()) {
      assertThat(documented.get(r)).as(r.key()).isEqualTo(r.permissions());
    }
  }
}
