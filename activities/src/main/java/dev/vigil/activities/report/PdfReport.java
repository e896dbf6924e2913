package dev.vigil.activities.report;

import dev.vigil.activities.report.ReportDocument.Chart;
import dev.vigil.activities.report.ReportDocument.Figure;
import dev.vigil.activities.report.ReportDocument.Section;
import dev.vigil.activities.report.ReportDocument.Table;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Draws a {@link ReportDocument} as an A4 PDF with Apache PDFBox: a cover page (title, the tenant's
 * name, the period, when it was generated), then each section — key figures, wrapped paragraphs, a
 * horizontal bar chart drawn in the PDF, and a table whose header repeats on every page it runs
 * onto — and on every page a footer with the tenant, the title and "page N of M". Text the standard
 * fonts cannot show is replaced with {@code ?}, never dropped silently.
 */
public final class PdfReport {

  /** The PDF and how many pages it has. */
  public record Rendered(byte[] bytes, int pages) {}

  private static final float MARGIN = 50;
  private static final float WIDTH = PDRectangle.A4.getWidth();
  private static final float HEIGHT = PDRectangle.A4.getHeight();
  private static final float BOTTOM = 60;
  private static final Color INK = new Color(0x1f, 0x29, 0x37);
  private static final Color MUTED = new Color(0x6b, 0x72, 0x80);
  private static final Color ACCENT = new Color(0x25, 0x63, 0xeb);
  private static final Color RULE = new Color(0xe5, 0xe7, 0xeb);
  private static final Color HEAD = new Color(0xf3, 0xf4, 0xf6);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final PDDocument doc = new PDDocument();
  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  private final Map<Character, Boolean> showable = new HashMap<>();
  private PDPageContentStream cs;
  private float y;

  private PdfReport() {}

  public static Rendered render(ReportDocument r) {
    PdfReport p = new PdfReport();
    try {
      return p.draw(r);
    } catch (IOException e) {
      throw new UncheckedIOException("the PDF could not be drawn", e);
    } finally {
      try {
        p.doc.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }

  private Rendered draw(ReportDocument r) throws IOException {
    PDDocumentInformation info = doc.getDocumentInformation();
    info.setTitle(safe(r.title()));
    info.setSubject(safe(r.subtitle()));
    info.setAuthor(safe(r.tenantName()));
    info.setCreator("Vigil");
    info.setCreationDate(java.util.GregorianCalendar.from(r.generatedAt().atZone(ZoneOffset.UTC)));
    cover(r);
    newPage();
    for (Section s : r.sections()) {
      section(s);
    }
    cs.close();
    footers(r);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return new Rendered(out.toByteArray(), doc.getNumberOfPages());
  }

  private void cover(ReportDocument r) throws IOException {
    newPage();
    cs.setNonStrokingColor(ACCENT);
    cs.addRect(0, HEIGHT - 12, WIDTH, 12);
    cs.fill();
    y = HEIGHT - 200;
    text(
        bold,
        11,
        ACCENT,
        MARGIN,
        y,
        "VIGIL · " + r.type().toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
    y -= 40;
    for (String line : wrap(r.title(), bold, 28, WIDTH - 2 * MARGIN)) {
      text(bold, 28, INK, MARGIN, y, line);
      y -= 34;
    }
    if (r.subtitle() != null && !r.subtitle().isBlank()) {
      for (String line : wrap(r.subtitle(), regular, 14, WIDTH - 2 * MARGIN)) {
        text(regular, 14, MUTED, MARGIN, y, line);
        y -= 20;
      }
    }
    y -= 30;
    figureRow("Tenant", r.tenantName() + " (" + r.tenant() + ")");
    if (r.period() != null) {
      figureRow("Period", r.period());
    }
    figureRow("Generated", WHEN.format(r.generatedAt()));
    cs.close();
  }

  private void figureRow(String label, String value) throws IOException {
    text(bold, 11, MUTED, MARGIN, y, label);
    text(regular, 11, INK, MARGIN + 90, y, value);
    y -= 18;
  }

  private void newPage() throws IOException {
    if (cs != null) {
      cs.close();
    }
    PDPage page = new PDPage(PDRectangle.A4);
    doc.addPage(page);
    cs = new PDPageContentStream(doc, page);
    y = HEIGHT - MARGIN;
  }

  /** Starts a new page unless {@code height} more points fit on this one. */
  private void room(float height) throws IOException {
    if (y - height < BOTTOM) {
      newPage();
    }
  }

  private void section(Section s) throws IOException {
    room(60);
    y -= 10;
    text(bold, 16, INK, MARGIN, y, s.heading());
    y -= 8;
    cs.setStrokingColor(RULE);
    cs.moveTo(MARGIN, y);
    cs.lineTo(WIDTH - MARGIN, y);
    cs.stroke();
    y -= 18;
    figures(s.figures());
    for (String p : s.paragraphs()) {
      for (String line : wrap(p, regular, 10, WIDTH - 2 * MARGIN)) {
        room(14);
        text(regular, 10, INK, MARGIN, y, line);
        y -= 14;
      }
      y -= 6;
    }
    if (s.chart() != null && !s.chart().labels().isEmpty()) {
      chart(s.chart());
    }
    if (s.table() != null) {
      table(s.table());
    }
    y -= 10;
  }

  private void figures(List<Figure> figures) throws IOException {
    float boxW = (WIDTH - 2 * MARGIN - 3 * 10) / 4;
    for (int i = 0; i < figures.size(); i += 4) {
      room(52);
      for (int j = i; j < Math.min(i + 4, figures.size()); j++) {
        float x = MARGIN + (j - i) * (boxW + 10);
        cs.setNonStrokingColor(HEAD);
        cs.addRect(x, y - 40, boxW, 46);
        cs.fill();
        text(regular, 8, MUTED, x + 6, y - 6, fit(figures.get(j).label(), regular, 8, boxW - 12));
        text(bold, 14, INK, x + 6, y - 28, fit(figures.get(j).value(), bold, 14, boxW - 12));
      }
      y -= 58;
    }
  }

  private void chart(Chart c) throws IOException {
    float label = 150;
    float valueW = 50;
    float barMax = WIDTH - 2 * MARGIN - label - valueW;
    double max = c.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    room(30);
    text(bold, 11, INK, MARGIN, y, c.title());
    y -= 18;
    for (int i = 0; i < c.labels().size(); i++) {
      room(18);
      double v = c.values().get(i);
      float w = max <= 0 ? 0 : (float) (barMax * v / max);
      text(regular, 9, INK, MARGIN, y, fit(c.labels().get(i), regular, 9, label - 8));
      cs.setNonStrokingColor(ACCENT);
      cs.addRect(MARGIN + label, y - 2, Math.max(w, v > 0 ? 1 : 0), 10);
      cs.fill();
      text(regular, 9, MUTED, MARGIN + label + w + 4, y, number(v));
      y -= 16;
    }
    y -= 8;
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
  }

  private void table(Table t) throws IOException {
    float full = WIDTH - 2 * MARGIN;
    int n = t.columns().size();
    float size = n > 6 ? 7 : 8;
    float[] widths = widths(t, full, size);
    room(40);
    if (t.title() != null) {
      text(bold, 11, INK, MARGIN, y, t.title());
      y -= 16;
    }
    header(t, widths, size);
    if (t.rows().isEmpty()) {
      text(regular, 9, MUTED, MARGIN + 4, y, "(none)");
      y -= 14;
    }
    float line = size + 3;
    for (List<String> row : t.rows()) {
      List<List<String>> cells = new ArrayList<>();
      int lines = 1;
      for (int i = 0; i < n; i++) {
        String cell = i < row.size() && row.get(i) != null ? row.get(i) : "";
        List<String> wrapped = wrap(cell, regular, size, widths[i] - 6);
        if (wrapped.size() > MAX_CELL_LINES) {
          List<String> cut = new ArrayList<>(wrapped.subList(0, MAX_CELL_LINES));
          cut.set(
              MAX_CELL_LINES - 1,
              fitSafe(cut.get(MAX_CELL_LINES - 1) + " …", regular, size, widths[i] - 6));
          wrapped = cut;
        }
        cells.add(wrapped);
        lines = Math.max(lines, wrapped.size());
      }
      float height = lines * line + 3;
      if (y - height < BOTTOM) {
        newPage();
        header(t, widths, size);
      }
      float x = MARGIN;
      for (int i = 0; i < n; i++) {
        float ly = y;
        for (String l : cells.get(i)) {
          text(regular, size, INK, x + 3, ly, l);
          ly -= line;
        }
        x += widths[i];
      }
      float base = y - (lines - 1) * line - 4;
      cs.setStrokingColor(RULE);
      cs.moveTo(MARGIN, base);
      cs.lineTo(MARGIN + full, base);
      cs.stroke();
      y = base - line + 1;
    }
    y -= 6;
  }

  /** A cell shows at most this many lines; the rest is cut with an ellipsis. */
  private static final int MAX_CELL_LINES = 4;

  private void header(Table t, float[] widths, float size) throws IOException {
    cs.setNonStrokingColor(HEAD);
    cs.addRect(MARGIN, y - 5, WIDTH - 2 * MARGIN, 16);
    cs.fill();
    float x = MARGIN;
    for (int i = 0; i < t.columns().size(); i++) {
      text(bold, size, INK, x + 3, y, fit(t.columns().get(i), bold, size, widths[i] - 6));
      x += widths[i];
    }
    y -= 18;
  }

  /**
   * Column widths: each column's natural width (its widest text, header included, up to half the
   * page); if they do not all fit, the narrow columns keep theirs and the wide ones share the rest
   * in proportion, their text wrapping.
   */
  private float[] widths(Table t, float full, float size) throws IOException {
    int n = t.columns().size();
    float[] natural = new float[n];
    for (int i = 0; i < n; i++) {
      float w = width(t.columns().get(i), bold, size);
      for (List<String> row : t.rows().subList(0, Math.min(300, t.rows().size()))) {
        if (i < row.size() && row.get(i) != null) {
          w = Math.max(w, width(row.get(i), regular, size));
        }
      }
      natural[i] = Math.min(full / 2, w + 8);
    }
    float sum = 0;
    for (float w : natural) {
      sum += w;
    }
    float[] out = new float[n];
    if (sum <= full) {
      for (int i = 0; i < n; i++) {
        out[i] = natural[i] * full / sum;
      }
      return out;
    }
    float fair = full / n;
    float kept = 0;
    float wide = 0;
    for (float w : natural) {
      if (w <= fair) {
        kept += w;
      } else {
        wide += w;
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] = natural[i] <= fair ? natural[i] : natural[i] / wide * (full - kept);
    }
    return out;
  }

  private void footers(ReportDocument r) throws IOException {
    int total = doc.getNumberOfPages();
    for (int i = 0; i < total; i++) {
      PDPage page = doc.getPage(i);
      try (PDPageContentStream f =
          new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
        String left = safe(r.tenantName() + " · " + r.title());
        String right = "page " + (i + 1) + " of " + total;
        f.beginText();
        f.setFont(regular, 8);
        f.setNonStrokingColor(MUTED);
        f.newLineAtOffset(MARGIN, 30);
        f.showText(fitSafe(left, regular, 8, WIDTH - 2 * MARGIN - 80));
        f.endText();
        f.beginText();
        f.setFont(regular, 8);
        f.newLineAtOffset(WIDTH - MARGIN - width(right, regular, 8), 30);
        f.showText(right);
        f.endText();
      }
    }
  }

  private void text(PDType1Font font, float size, Color color, float x, float atY, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.setNonStrokingColor(color);
    cs.newLineAtOffset(x, atY);
    cs.showText(safe(s));
    cs.endText();
  }

  /** {@code s} with every character the standard fonts cannot draw replaced by {@code ?}. */
  String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        b.append(' ');
      } else if (showable.computeIfAbsent(c, this::canShow)) {
        b.append(c);
      } else {
        b.append('?');
      }
    }
    return b.toString();
  }

  private boolean canShow(char c) {
    try {
      regular.encode(String.valueOf(c));
      bold.encode(String.valueOf(c));
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private float width(String s, PDType1Font font, float size) throws IOException {
    return font.getStringWidth(safe(s)) / 1000 * size;
  }

  /** {@code s} cut with an ellipsis to fit {@code max} points. */
  private String fit(String s, PDType1Font font, float size, float max) throws IOException {
    return fitSafe(safe(s), font, size, max);
  }

  private String fitSafe(String s, PDType1Font font, float size, float max) throws IOException {
    if (font.getStringWidth(s) / 1000 * size <= max) {
      return s;
    }
    int lo = 0;
    int hi = s.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      if (font.getStringWidth(s.substring(0, mid) + "…") / 1000 * size <= max) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return s.substring(0, lo) + "…";
  }

  private List<String> wrap(String s, PDType1Font font, float size, float max) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : safe(s).split(" ")) {
      String next = line.isEmpty() ? word : line + " " + word;
      if (font.getStringWidth(next) / 1000 * size <= max) {
        line.setLength(0);
        line.append(next);
      } else {
        if (!line.isEmpty()) {
          lines.add(line.toString());
        }
        line.setLength(0);
        line.append(fitSafe(word, font, size, max));
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }
}
