package dev.vigil.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vigil.activities.connection.TestConnections;
import dev.vigil.activities.system.ActionContext;
import dev.vigil.activities.system.ActionException;
import dev.vigil.activities.system.ActionHandler;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code email.send} against GreenMail: a logged-in send with a template, refusals. */
class EmailActionIT {

  TestConnections c;
  GreenMail mail;
  ActionHandler<EmailActions.SendInput> send;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start() throws Exception {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("vigil@acme.example", "vigil", "Mail-Pa55");
    c = TestConnections.start();
    for (String[] k :
        List.of(new String[] {"mail", "Mail-Pa55"}, new String[] {"mail-bad", "wrong"})) {
      c.connect(
          k[0],
          "smtp",
          Map.of(
              "host", "127.0.0.1",
              "port", mail.getSmtp().getPort(),
              "security", "none",
              "from", "vigil@acme.example"),
          Map.of("username", "vigil", "password", k[1]));
    }
    send = (ActionHandler<EmailActions.SendInput>) new EmailActions(c.resolver()).all().get(0);
  }

  @AfterEach
  void stop() {
    mail.stop();
    c.close();
  }

  static ActionContext ctx() {
    return new ActionContext("acme", "run-1", "notify", 1);
  }

  @Test
  void aTemplatedMailIsSentWithItsHtmlAlternativeEscaped() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> out =
        (Map<String, Object>)
            send.execute(
                new EmailActions.SendInput(
                    "mail",
                    List.of("soc@acme.example", "lead@acme.example"),
                    "Blocked {{ip}}",
                    "Vigil blocked {{ip}} for {{reason}}.",
                    "<p>Vigil blocked <b>{{ip}}</b> for {{reason}}.</p>",
                    Map.of("ip", "203.0.113.7", "reason", "<script>brute force</script>")),
                ctx());
    assertThat(out.get("to")).isEqualTo(List.of("soc@acme.example", "lead@acme.example"));
    assertThat(String.valueOf(out.get("messageId"))).startsWith("<");
    MimeMessage[] got = mail.getReceivedMessages();
    assertThat(got).hasSize(2);
    assertThat(got[0].getSubject()).isEqualTo("Blocked 203.0.113.7");
    MimeMultipart parts = (MimeMultipart) got[0].getContent();
    assertThat((String) parts.getBodyPart(0).getContent())
        .isEqualTo("Vigil blocked 203.0.113.7 for <script>brute force</script>.");
    assertThat((String) parts.getBodyPart(1).getContent())
        .contains("<b>203.0.113.7</b>")
        .contains("&lt;script&gt;brute force&lt;/script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void aRefusedLoginAndAMissingPlaceholderFailWithoutRetryAndSendNothing() {
    assertThatThrownBy(
            () ->
                send.execute(
                    new EmailActions.SendInput(
                        "mail-bad", List.of("soc@acme.example"), "s", "t", null, null),
                    ctx()))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo(Channel.REFUSED);
              assertThat(e.getMessage()).contains("refused the login").doesNotContain("wrong");
            });
    assertThatThrownBy(
            () ->
                send.execute(
                    new EmailActions.SendInput(
                        "mail", List.of("soc@acme.example"), "Blocked {{ip}}", "t", null, Map.of()),
                    ctx()))
        .isInstanceOfSatisfying(
            ActionException.class,
            e -> {
              assertThat(e.type()).isEqualTo("InvalidInput");
              assertThat(e.getMessage()).contains("{{ip}}");
            });
    assertThat(mail.getReceivedMessages()).isEmpty();
  }
}
