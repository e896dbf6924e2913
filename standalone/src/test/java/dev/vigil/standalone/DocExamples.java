package dev.vigil.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON examples of {@code docs/*.md}, each marked {@code <!-- example: name -->}. */
final class DocExamples {

  private DocExamples() {}

  /** The JSON block that follows {@code <!-- example: name -->} in {@code docs/file}. */
  static String json(String file, String name) {
    String doc;
    try {
      doc = Files.readString(Path.of("..", "docs", file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = doc.indexOf("<!-- example: " + name + " -->");
    if (at < 0) {
      throw new IllegalStateException("docs/" + file + " has no example '" + name + "'");
    }
    int start = doc.indexOf("```json", at) + "```json".length();
    return doc.substring(start, doc.indexOf("```", start));
  }
}
