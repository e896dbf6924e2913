package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled reports end to end: a schedule made through the API, sent now through an {@code smtp}
 * connection to GreenMail, the PDF attached and readable, the report in the library saying whom it
 * went to; refusals point at the bad field; a schedule of a report the caller may not read is
 * refused and invisible.
 */
class ReportSchedulesIT {

  static Standalone vigil;
  static Api api;
  static GreenMail mail;

  @BeforeAll
  static void start(@TempDir Path data) {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("vigil@acme.example", "vigil", "Mail-Pa55");
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    connection("mail", "Mail-Pa55");
    connection("mail-bad", "wrong");
    Api.Res r =
        api.post(
            "/api/v1/incidents",
            "ana",
            "{\"title\": \"Ransomware note on FS01\", \"severity\": \"critical\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  static void connection(String name, String password) {
    Api.Res r =
        api.post(
            "/api/v1/integrations",
            "admin",
            "{\"name\": \""
                + name
                + "\", \"provider\": \"smtp\", \"config\": {\"host\": \"127.0.0.1\", \"port\": "
                + mail.getSmtp().getPort()
                + ", \"security\": \"none\", \"from\": \"vigil@acme.example\"}, \"secrets\":"
                + " {\"username\": \"vigil\", \"password\": \""
                + password
                + "\"}}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    vigil.close();
    mail.stop();
  }

  static String schedule(String name, String connection, String type) {
    return "{\"name\": \""
        + name
        + "\", \"type\": \""
        + type
        + "\", \"format\": \"pdf\", \"period\": \"week\", \"connection\": \""
        + connection
        + "\", \"to\": [\"ciso@acme.example\", \"soc@acme.example\"], \"cron\": \"0 0 8 * * MON\","
        + " \"timezone\": \"Europe/Berlin\"}";
  }

  static JsonNode scheduledReport(String schedule) {
    return api.awaitJson(
        "/api/v1/reports?limit=50",
        "ana",
        60,
        j -> {
          for (JsonNode r : j.path("items")) {
            if (schedule.equals(r.path("schedule").asText())
                && (!r.path("deliveredAt").isNull() || !r.path("deliveryError").isNull())) {
              return true;
            }
          }
          return false;
        });
  }

  static JsonNode of(JsonNode page, String schedule) {
    for (JsonNode r : page.path("items")) {
      if (schedule.equals(r.path("schedule").asText())) {
        return r;
      }
    }
    throw new AssertionError("no report of " + schedule + " in " + page);
  }

  @Test
  void aWeeklySummarySentNowArrivesWithItsPdfAttached() throws Exception {
    // the documented schedule (docs/reports.md)
    Api.Res made =
        api.post(
            "/api/v1/report-schedules",
            "ana",
            DocExamples.json("reports.md", "weekly summary schedule"));
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    JsonNode scheduled =
        api.awaitJson(
            "/api/v1/report-schedules/weekly-summary",
            "ana",
            30,
            j -> !j.path("nextRunAt").isNull());
    java.time.ZonedDateTime next =
        Instant.parse(scheduled.at("/nextRunAt").asText())
            .atZone(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(next.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
    assertThat(next.getHour()).isEqualTo(8);
    assertThat(next.toInstant()).isAfter(Instant.now());
    Api.Res run = api.post("/api/v1/report-schedules/weekly-summary/run", "ana", "");
    assertThat(run.status()).as(run.text()).isEqualTo(202);
    JsonNode report = of(scheduledReport("weekly-summary"), "weekly-summary");
    assertThat(report.at("/deliveryError").isNull()).as(report.toString()).isTrue();
    assertThat(mail.waitForIncomingEmail(10_000, 2)).as("one e-mail for each recipient").isTrue();
    MimeMessage m = mail.getReceivedMessages()[0];
    assertThat(m.getSubject()).startsWith("[Vigil] Executive summary, ");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains("sent by schedule weekly-summary")
        .contains("The report is attached");
    Part pdf = parts.getBodyPart(1);
    assertThat(pdf.getDisposition()).isEqualTo(Part.ATTACHMENT);
    assertThat(pdf.getFileName()).startsWith("executive-summary-").endsWith(".pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.getInputStream().readAllBytes())) {
      // a table cell wraps a long title: compare with the line breaks as spaces
      String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      assertThat(text).contains("Executive summary").contains("Ransomware note on FS01");
    }
    assertThat(report.at("/status").asText()).isEqualTo("succeeded");
    assertThat(report.at("/requestedBy").asText()).isEqualTo("schedule:weekly-summary");
    assertThat(report.at("/deliveredTo").toString())
        .isEqualTo("[\"ciso@acme.example\",\"soc@acme.example\"]");
    Instant from = Instant.parse(report.at("/params/from").asText());
    Instant to = Instant.parse(report.at("/params/to").asText());
    assertThat(Duration.between(from, to).toHours()).isBetween(167L, 169L);
    JsonNode s = api.get("/api/v1/report-schedules/weekly-summary", "ana").json();
    assertThat(s.at("/lastReportId").asText()).isEqualTo(report.at("/reportId").asText());
  }

  @Test
  void aRefusedLoginLeavesTheReportInTheLibraryWithWhy() {
    Api.Res made =
        api.post(
            "/api/v1/report-schedules",
            "ana",
            schedule("bad-login", "mail-bad", "executive_summary"));
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    assertThat(api.post("/api/v1/report-schedules/bad-login/run", "ana", "").status())
        .isEqualTo(202);
    JsonNode report = of(scheduledReport("bad-login"), "bad-login");
    assertThat(report.at("/status").asText()).isEqualTo("succeeded");
    assertThat(report.at("/deliveryError").asText()).contains("refused the login");
    assertThat(report.at("/deliveredAt").isNull()).isTrue();
  }

  @Test
  void badSchedulesAreRefusedFieldByField() {
    Api.Res r =
        api.post(
            "/api/v1/report-schedules",
            "ana",
            "{\"name\": \"Bad Name\", \"type\": \"scan\", \"period\": \"year\", \"connection\":"
                + " \"nope\", \"to\": [\"ciso@acme.example\", \"not an address\"], \"cron\":"
                + " \"0 8 * * MON\"}");
    assertThat(r.status()).as(r.text()).isEqualTo(422);
    assertThat(r.text())
        .contains("\"/name\"")
        .contains("\"/type\"")
        .contains("\"/period\"")
        .contains("no connection named 'nope'")
        .contains("\"/to/1\"")
        .contains("\"/cron\"");
    assertThat(api.get("/api/v1/report-schedules/bad-name", "ana").status()).isEqualTo(404);
  }

  @Test
  void anAuditScheduleNeedsAuditRead() {
    Api.Res denied =
        api.post("/api/v1/report-schedules", "ana", schedule("audit-weekly", "mail", "audit"));
    assertThat(denied.status()).as(denied.text()).isEqualTo(403);
    Api.Res made =
        api.post("/api/v1/report-schedules", "admin", schedule("audit-weekly", "mail", "audit"));
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    assertThat(api.get("/api/v1/report-schedules/audit-weekly", "ana").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/report-schedules", "ana").text()).doesNotContain("audit-weekly");
    assertThat(api.get("/api/v1/report-schedules", "admin").text()).contains("audit-weekly");
    Api.Res paused =
        api.adminSession("default")
            .send("PATCH", "/api/v1/report-schedules/audit-weekly", "{\"paused\": true}");
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.at("/paused").asBoolean()).isTrue();
    assertThat(
            api.adminSession("default")
                .send("DELETE", "/api/v1/report-schedules/audit-weekly", null)
                .status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/report-schedules/audit-weekly", "admin").status()).isEqualTo(404);
  }
}
