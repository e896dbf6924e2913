package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ConnectionResolver;
import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import dev.vigil.workflows.system.FailureTypes;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code email.send}: an e-mail through an SMTP connection. Subject, text and HTML may hold {@code
 * {{name}}} placeholders filled from {@code data} (in the HTML, escaped), so one template serves
 * many sends; a placeholder without a value is refused rather than sent empty.
 */
public final class EmailActions {

  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private final ConnectionResolver connections;
  private final EmailChannel email = new EmailChannel();

  public EmailActions(ConnectionResolver connections) {
    this.connections = connections;
  }

  /**
   * @param to addresses (at least one)
   * @param data values of the {@code {{name}}} placeholders
   */
  public record SendInput(
      String connection,
      List<String> to,
      String subject,
      String text,
      String html,
      Map<String, Object> data) {}

  public List<ActionHandler<?>> all() {
    return List.of(
        ActionHandler.of(
            "email.send",
            SendInput.class,
            (in, ctx) -> {
              ResolvedConnection c = connections.resolve(ctx.tenant(), in.connection(), "smtp");
              Map<String, Object> data = in.data() == null ? Map.of() : in.data();
              List<InternetAddress> to =
                  EmailChannel.recipients(c, in.to() == null ? null : String.join(",", in.to()));
              String id =
                  email.send(
                      c,
                      to,
                      fill(in.subject(), data, false, "/subject"),
                      fill(in.text(), data, false, "/text"),
                      in.html() == null ? null : fill(in.html(), data, true, "/html"));
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("messageId", id);
              List<String> sent = new ArrayList<>();
              to.forEach(a -> sent.add(a.getAddress()));
              out.put("to", sent);
              return out;
            }));
  }

  /** {@code template} with its placeholders replaced; HTML-escaped values when {@code html}. */
  static String fill(String template, Map<String, Object> data, boolean html, String field) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object v = data.get(m.group(1));
      if (v == null) {
        throw new ActionException(
            FailureTypes.INVALID_INPUT,
            field.substring(1)
                + " uses {{"
                + m.group(1)
                + "}} but data has no '"
                + m.group(1)
                + "'");
      }
      String s = String.valueOf(v);
      m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(s) : s));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
