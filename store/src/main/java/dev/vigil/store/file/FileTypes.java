package dev.vigil.store.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * A file's type, found from its content — magic bytes, with Apache Tika — never from its name or
 * the type the client claims: an executable renamed {@code report.pdf} is an executable. A name
 * only refines plain text ({@code .csv}, {@code .json}, {@code .md}, …). Names are sanitised for
 * display and {@code Content-Disposition}; they are never used as paths.
 */
public final class FileTypes {

  /** The types stored unless {@code vigil.files.allowed-types} says otherwise. */
  public static final List<String> DEFAULT_ALLOWED =
      List.of(
          "application/pdf",
          "text/plain",
          "text/csv",
          "application/json",
          "application/x-ndjson",
          "text/markdown",
          "application/xml",
          "image/png",
          "image/jpeg",
          "image/gif",
          "image/webp",
          "application/zip",
          "application/gzip",
          "application/x-gtar",
          "application/x-tar",
          "application/x-7z-compressed",
          "application/vnd.tcpdump.pcap",
          "application/x-tika-ooxml",
          "application/x-tika-msoffice");

  /** Plain-text names that say which text it is. */
  private static final Map<String, String> TEXT_BY_EXTENSION =
      Map.of(
          "csv", "text/csv",
          "json", "application/json",
          "ndjson", "application/x-ndjson",
          "jsonl", "application/x-ndjson",
          "md", "text/markdown",
          "markdown", "text/markdown");

  /** Types whose content is text, which the DLP scan reads. */
  private static final Set<String> TEXT_TYPES =
      Set.of("application/json", "application/x-ndjson", "application/xml");

  private static final Tika TIKA = new Tika();

  private FileTypes() {}

  /** The type of the content in {@code file}, refined by {@code name} only if it is plain text. */
  public static String detect(Path file, String name) throws IOException {
    String found;
    try (InputStream in = Files.newInputStream(file)) {
      found = TIKA.detect(in); // content only: no name is given to Tika
    }
    if (found.equals("text/plain")) {
      String ext = extension(name);
      return TEXT_BY_EXTENSION.getOrDefault(ext, "text/plain");
    }
    if (found.equals("application/x-gzip")) {
      return "application/gzip";
    }
    return found;
  }

  /** Whether the DLP scan reads content of this type as text. */
  public static boolean isText(String type) {
    return type.startsWith("text/") || TEXT_TYPES.contains(type);
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * A name safe to show and to send in {@code Content-Disposition}: the last path segment only,
   * Unicode-normalised, without control characters or {@code <>:"/\|?*}, without leading dots, at
   * most 200 characters (keeping the extension); {@code file} when nothing is left.
   */
  public static String sanitise(String name) {
    if (name == null) {
      return "file";
    }
    String n = Normalizer.normalize(name, Normalizer.Form.NFC);
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(slash + 1);
    StringBuilder b = new StringBuilder(n.length());
    n.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || Character.getType(c) == Character.FORMAT
                  || "<>:\"/\\|?*".indexOf(c) >= 0) {
                b.append('_');
              } else {
                b.appendCodePoint(c);
              }
            });
    String s = b.toString().replaceAll("\\s+", " ").strip();
    s = s.replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
    if (s.length() > 200) {
      int dot = s.lastIndexOf('.');
      String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
      s = s.substring(0, 200 - ext.length()) + ext;
    }
    return s.isEmpty() ? "file" : s;
  }
}
