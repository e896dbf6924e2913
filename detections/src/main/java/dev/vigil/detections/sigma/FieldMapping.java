package dev.vigil.detections.sigma;

import java.util.Locale;
import java.util.Map;

/**
 * Sigma field names → paths in the canonical event (DESIGN §6.1).
 *
 * <p>Two uses, deliberately different for Windows. <b>Filters</b> read a Windows field where the
 * parser keeps it verbatim, {@code attributes.<Field>} (the {@code EventData} names, plus {@code
 * EventID}, {@code Channel}, {@code Provider}), so a Sigma test sees the value the rule author saw
 * ({@code IpAddress: '-'}) whatever normalisation did to {@code src.ip}; only {@code Computer} is a
 * System field and reads {@code source.system}. <b>Grouping</b> (group-by, distinct fields, the
 * entity) uses the canonical path ({@code TargetUserName} → {@code actor.name}) so alerts group on
 * the names every other rule uses. Line formats (Linux) have no verbatim fields: both uses take the
 * canonical path. Any field without a mapping is {@code attributes.<Field>}.
 */
final class FieldMapping {

  static final String ATTRIBUTES = "attributes.";

  /** The families of field names Sigma rules use. */
  enum Product {
    WINDOWS,
    LINUX,
    OTHER;

    static Product of(Object product) {
      String p = product == null ? "" : product.toString().toLowerCase(Locale.ROOT);
      return switch (p) {
        case "windows" -> WINDOWS;
        case "linux" -> LINUX;
        default -> OTHER;
      };
    }
  }

  private static final Map<String, String> WINDOWS =
      Map.of(
          "TargetUserName", "actor.name",
          "TargetDomainName", "actor.domain",
          "User", "actor.name",
          "IpAddress", "src.ip",
          "IpPort", "src.port",
          "WorkstationName", "src.host",
          "Computer", "source.system",
          "ComputerName", "source.system");

  private static final Map<String, String> WINDOWS_SYSTEM =
      Map.of("Computer", "source.system", "ComputerName", "source.system");

  /** Linux (sshd/auth) and the generic names of older rules. */
  private static final Map<String, String> LINUX =
      Map.ofEntries(
          Map.entry("user", "actor.name"),
          Map.entry("User", "actor.name"),
          Map.entry("pam_user", "actor.name"),
          Map.entry("src_ip", "src.ip"),
          Map.entry("SourceIp", "src.ip"),
          Map.entry("rhost", "src.ip"),
          Map.entry("pam_rhost", "src.ip"),
          Map.entry("src_port", "src.port"),
          Map.entry("dst_ip", "dst.ip"),
          Map.entry("DestinationIp", "dst.ip"),
          Map.entry("dst_port", "dst.port"),
          Map.entry("host", "source.system"),
          Map.entry("hostname", "source.system"));

  private FieldMapping() {}

  /** Where a filter reads the field. */
  static String filterPath(String field, Product product) {
    return switch (product) {
      case WINDOWS -> WINDOWS_SYSTEM.getOrDefault(field, ATTRIBUTES + field);
      case LINUX, OTHER -> LINUX.getOrDefault(field, ATTRIBUTES + field);
    };
  }

  /** The canonical path used to group by the field, count its distinct values, name the entity. */
  static String canonicalPath(String field, Product product) {
    return switch (product) {
      case WINDOWS -> WINDOWS.getOrDefault(field, ATTRIBUTES + field);
      case LINUX, OTHER -> LINUX.getOrDefault(field, ATTRIBUTES + field);
    };
  }

  /** The entity kind a canonical path names, or null when it names none. */
  static String entityKind(String path) {
    return switch (path) {
      case "src.ip", "dst.ip" -> "ip";
      case "actor.name" -> "user";
      case "source.system", "src.host", "dst.host" -> "host";
      case "attributes.Image", "attributes.ParentImage" -> "process";
      case "attributes.TargetFilename" -> "file";
      default -> null;
    };
  }
}
