package dev.vigil.activities.notify;

import dev.vigil.activities.connection.ResolvedConnection;
import dev.vigil.activities.system.ActionException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * E-mail through the connection's SMTP server (Jakarta Mail): STARTTLS required by default, SSL
 * from the first byte, or plain only when the connection says {@code none}; certificates and host
 * names checked. Recipients are the route's target (comma-separated) or the connection's {@code
 * to}. A refused login or address is {@link Channel#REFUSED}; a server that does not answer or
 * defers ({@code 4xx}) is {@link Channel#UNAVAILABLE}.
 */
public final class EmailChannel implements Channel {

  @Override
  public String provider() {
    return "smtp";
  }

  @Override
  public Map<String, Object> send(ResolvedConnection c, String target, Message m) {
    String id = send(c, recipients(c, target), "[Vigil] " + m.title(), m.plain());
    return Map.of("messageId", id);
  }

  /** Sends a text e-mail; answers its Message-ID. */
  public String send(ResolvedConnection c, List<InternetAddress> to, String subject, String text) {
    return send(c, to, subject, text, null);
  }

  /** Sends an e-mail, text alone or text and HTML as alternatives; answers its Message-ID. */
  public String send(
      ResolvedConnection c, List<InternetAddress> to, String subject, String text, String html) {
    return send(c, to, subject, text, html, null);
  }

  /** A file sent with an e-mail. */
  public record Attachment(String name, String contentType, byte[] content) {}

  /**
   * Sends an e-mail — text alone or text and HTML as alternatives — with {@code attachment} when
   * not null; answers its Message-ID.
   */
  public String send(
      ResolvedConnection c,
      List<InternetAddress> to,
      String subject,
      String text,
      String html,
      Attachment attachment) {
    Session session = session(c);
    try {
      MimeMessage mail = new MimeMessage(session);
      mail.setFrom(new InternetAddress(String.valueOf(c.config().get("from")), true));
      mail.setRecipients(jakarta.mail.Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
      mail.setSubject(subject.replaceAll("[\\r\\n]+", " "), "UTF-8");
      MimeMultipart alternatives = null;
      if (html != null) {
        alternatives = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setContent(html, "text/html; charset=UTF-8");
        alternatives.addBodyPart(plain);
        alternatives.addBodyPart(rich);
      }
      if (attachment == null && alternatives == null) {
        mail.setText(text, "UTF-8");
      } else if (attachment == null) {
        mail.setContent(alternatives);
      } else {
        MimeBodyPart body = new MimeBodyPart();
        if (alternatives == null) {
          body.setText(text, "UTF-8");
        } else {
          body.setContent(alternatives);
        }
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(
            new jakarta.activation.DataHandler(
                new jakarta.mail.util.ByteArrayDataSource(
                    attachment.content(), attachment.contentType())));
        file.setFileName(attachment.name());
        file.setDisposition(jakarta.mail.Part.ATTACHMENT);
        mail.setContent(new MimeMultipart(body, file));
      }
      mail.saveChanges();
      Transport.send(mail);
      return mail.getMessageID();
    } catch (AuthenticationFailedException e) {
      throw new ActionException(REFUSED, "SMTP server " + host(c) + " refused the login");
    } catch (SendFailedException e) {
      throw new ActionException(REFUSED, "SMTP server " + host(c) + " refused: " + e.getMessage());
    } catch (MessagingException e) {
      String why =
          e.getMessage()
              + (e.getNextException() == null ? "" : ": " + e.getNextException().getMessage());
      throw new ActionException(UNAVAILABLE, "SMTP server " + host(c) + " failed: " + why);
    }
  }

  /** The addresses of a comma-separated list (the target, else the connection's {@code to}). */
  public static List<InternetAddress> recipients(ResolvedConnection c, String target) {
    String list = target != null && !target.isBlank() ? target : (String) c.config().get("to");
    if (list == null || list.isBlank()) {
      throw new ActionException(
          REFUSED,
          "no recipients: the route names none and connection '" + c.name() + "' has no to");
    }
    List<InternetAddress> out = new ArrayList<>();
    for (String a : list.split(",")) {
      if (!a.isBlank()) {
        try {
          out.add(new InternetAddress(a.trim(), true));
        } catch (AddressException e) {
          throw new ActionException(REFUSED, "not an e-mail address: " + a.trim());
        }
      }
    }
    return out;
  }

  static Session session(ResolvedConnection c) {
    Map<String, Object> cfg = c.config();
    String security = String.valueOf(cfg.getOrDefault("security", "starttls"));
    int port = ((Number) cfg.getOrDefault("port", security.equals("ssl") ? 465 : 587)).intValue();
    String timeout = Integer.toString(HttpChannels.timeoutSeconds(cfg) * 1000);
    String proto = security.equals("ssl") ? "smtps" : "smtp";
    Properties p = new Properties();
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", host(c));
    p.put("mail." + proto + ".port", Integer.toString(port));
    p.put("mail." + proto + ".connectiontimeout", timeout);
    p.put("mail." + proto + ".timeout", timeout);
    p.put("mail." + proto + ".writetimeout", timeout);
    p.put("mail." + proto + ".ssl.checkserveridentity", "true");
    if (security.equals("starttls")) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    String user = c.secret("username");
    if (user != null && !user.isBlank()) {
      p.put("mail." + proto + ".auth", "true");
      String password = c.secret("password");
      return Session.getInstance(
          p,
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password == null ? "" : password);
            }
          });
    }
    return Session.getInstance(p);
  }

  /** Connects and logs in without sending anything (the connection's Test). */
  public String probe(ResolvedConnection c) {
    Session session = session(c);
    String proto =
        String.valueOf(c.config().getOrDefault("security", "starttls")).equals("ssl")
            ? "smtps"
            : "smtp";
    try (Transport t = session.getTransport(proto)) {
      t.connect();
      return "SMTP server "
          + host(c)
          + " accepted the connection"
          + (c.secret("username") == null ? "" : " and the login");
    } catch (AuthenticationFailedException e) {
      throw new ActionException(REFUSED, "SMTP server " + host(c) + " refused the login");
    } catch (MessagingException e) {
      throw new ActionException(
          UNAVAILABLE, "SMTP server " + host(c) + " failed: " + e.getMessage());
    }
  }

  private static String host(ResolvedConnection c) {
    return String.valueOf(c.config().get("host"));
  }
}
