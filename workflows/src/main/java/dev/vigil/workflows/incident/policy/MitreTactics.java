package dev.vigil.workflows.incident.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ATT&amp;CK tactic of common techniques (the first tactic ATT&amp;CK lists for each), so a
 * rule that names techniques ({@code T1110.001}) can be correlated and templated by tactic ({@code
 * TA0006}, credential access). Rules may also name tactics themselves.
 */
public final class MitreTactics {

  private static final Map<String, String> PRIMARY =
      Map.ofEntries(
          Map.entry("T1003", "TA0006"),
          Map.entry("T1005", "TA0009"),
          Map.entry("T1021", "TA0008"),
          Map.entry("T1027", "TA0005"),
          Map.entry("T1036", "TA0005"),
          Map.entry("T1041", "TA0010"),
          Map.entry("T1046", "TA0007"),
          Map.entry("T1047", "TA0002"),
          Map.entry("T1053", "TA0002"),
          Map.entry("T1059", "TA0002"),
          Map.entry("T1070", "TA0005"),
          Map.entry("T1071", "TA0011"),
          Map.entry("T1078", "TA0001"),
          Map.entry("T1082", "TA0007"),
          Map.entry("T1083", "TA0007"),
          Map.entry("T1098", "TA0003"),
          Map.entry("T1105", "TA0011"),
          Map.entry("T1110", "TA0006"),
          Map.entry("T1112", "TA0005"),
          Map.entry("T1133", "TA0001"),
          Map.entry("T1136", "TA0003"),
          Map.entry("T1190", "TA0001"),
          Map.entry("T1204", "TA0002"),
          Map.entry("T1486", "TA0040"),
          Map.entry("T1490", "TA0040"),
          Map.entry("T1543", "TA0003"),
          Map.entry("T1547", "TA0003"),
          Map.entry("T1548", "TA0004"),
          Map.entry("T1552", "TA0006"),
          Map.entry("T1555", "TA0006"),
          Map.entry("T1556", "TA0006"),
          Map.entry("T1562", "TA0005"),
          Map.entry("T1566", "TA0001"),
          Map.entry("T1569", "TA0002"),
          Map.entry("T1570", "TA0008"),
          Map.entry("T1595", "TA0043"));

  private MitreTactics() {}

  /** The tactics of {@code ids}: tactic ids as they are, techniques mapped, in order. */
  public static List<String> tactics(List<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      if (id.startsWith("TA")) {
        out.add(id);
      } else {
        String base = id.contains(".") ? id.substring(0, id.indexOf('.')) : id;
        String tactic = PRIMARY.get(base);
        if (tactic != null) {
          out.add(tactic);
        }
      }
    }
    return List.copyOf(out);
  }
}
