package dev.vigil.store.event;

import dev.vigil.store.system.PostgresText;

/**
 * PostgreSQL COPY CSV rows: every value quoted, quotes doubled, null as an unquoted empty field.
 */
final class Csv {

  private Csv() {}

  static void row(StringBuilder sb, String... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String v = values[i];
      if (v == null) {
        continue;
      }
      sb.append('"');
      String clean = PostgresText.clean(v);
      for (int j = 0; j < clean.length(); j++) {
        char c = clean.charAt(j);
        if (c == '"') {
          sb.append('"');
        }
        sb.append(c);
      }
      sb.append('"');
    }
    sb.append('\n');
  }
}
