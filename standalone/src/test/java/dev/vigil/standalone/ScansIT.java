package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.playbook.json.Json;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scans.md through the HTTP API of a standalone Vigil with the real nmap: the scope example,
 * the scan example against ports this test opens on 127.0.0.1, the findings and exports, the events
 * and — when a database-like port opens between two scans — the bundled rule's alert. Refusals name
 * the bad field and are audited.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScansIT {

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil = Standalone.start(new StandaloneSettings(data, 0, Ports.free(), null, null), Api.args());
    api = new Api(vigil.port());
    api.member("default", "ana", "analyst");
    api.member("default", "vic", "viewer");
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  /** A free port of the bundled rule's list (a CouchDB, WinRM, Elasticsearch… port). */
  static ServerSocket exposedService() throws Exception {
    for (int port : new int[] {5984, 5985, 5986, 9200, 11211, 27017, 6379, 5900}) {
      try {
        return new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
      } catch (java.io.IOException taken) {
        // try the next one
      }
    }
    throw new AssertionError("none of the rule's ports is free on this machine");
  }

  static JsonNode awaitJson(String path, String user, java.util.function.Predicate<JsonNode> done) {
    return api.awaitJson(path, user, 90, done);
  }

  static JsonNode await(String id) {
    Api.Res r = null;
    long end = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < end) {
      r = api.get("/api/v1/scans/" + id, "ana");
      String s = r.at("/status").asText();
      if (s.equals("succeeded") || s.equals("failed") || s.equals("cancelled")) {
        return r.json();
      }
      IncidentLoopIT.sleep(300);
    }
    throw new AssertionError("the scan did not end: " + (r == null ? "" : r.text()));
  }

  @Test
  @Order(1)
  void theDocsExamplesScanWhatTheTestOpensAndANewlyExposedServiceRaisesAnAlert() throws Exception {
    Api.Session admin = api.adminSession("default");
    // before any scope: nothing may be scanned
    Api.Res none =
        api.post("/api/v1/scans", "ana", "{\"target\": \"127.0.0.1\", \"profile\": \"discovery\"}");
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.at("/errors/0/pointer").asText()).isEqualTo("/target");
    assertThat(none.at("/errors/0/message").asText()).contains("no scan scope");

    Api.Res bad =
        admin.send(
            "PATCH", "/api/v1/settings", "{\"scanScope\": [\"10.0.0.0/8\", \"10.0.0.1-20\"]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.at("/errors/0/pointer").asText()).isEqualTo("/scanScope/1");
    Api.Res scope =
        admin.send("PATCH", "/api/v1/settings", DocExamples.json("scans.md", "scan scope"));
    assertThat(scope.status()).as(scope.text()).isEqualTo(200);
    assertThat(scope.at("/scanScope/0").asText()).isEqualTo("127.0.0.0/8");
    assertThat(scope.at("/scanConcurrency").asInt()).isEqualTo(2);

    // refusals say which field, and why
    for (String[] c :
        List.of(
            new String[] {"{\"target\": \"10.0.0.1-20\", \"profile\": \"top-ports\"}", "/target"},
            new String[] {
              "{\"target\": \"-iL /etc/passwd\", \"profile\": \"top-ports\"}", "/target"
            },
            new String[] {"{\"target\": \"127.0.0.1\", \"profile\": \"aggressive\"}", "/profile"},
            new String[] {
              "{\"target\": \"127.0.0.1\", \"profile\": \"top-ports\", \"ports\": \"22;rm\"}",
              "/ports"
            },
            new String[] {
              "{\"target\": \"127.0.0.1\", \"profile\": \"discovery\", \"ports\": \"22\"}", "/ports"
            },
            new String[] {"{\"target\": \"8.8.8.8\", \"profile\": \"top-ports\"}", "/target"})) {
      Api.Res r = api.post("/api/v1/scans", "ana", c[0]);
      assertThat(r.status()).as(c[0] + " -> " + r.text()).isEqualTo(422);
      assertThat(r.at("/errors/0/pointer").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(
            api.post(
                    "/api/v1/scans", "ana", "{\"target\": \"8.8.8.8\", \"profile\": \"top-ports\"}")
                .at("/errors/0/message")
                .asText())
        .isEqualTo(
            "8.8.8.8 is outside the tenant's scan scope (127.0.0.0/8, 10.20.0.0/16, *.lab.example.com)");
    assertThat(
            api.post("/api/v1/scans", "vic", DocExamples.json("scans.md", "start a scan")).status())
        .as("a viewer reads scans, starts none")
        .isEqualTo(403);

    // the docs' scan, on the ports this test holds: one open, the rule's port still closed
    ServerSocket web = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    ServerSocket exposed = exposedService();
    int rulePort = exposed.getLocalPort();
    exposed.close();
    String body =
        DocExamples.json("scans.md", "start a scan")
            .replace("22,80,443,5984,8000-8100", web.getLocalPort() + "," + rulePort);
    Api.Res started = api.post("/api/v1/scans", "ana", body);
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    assertThat(started.at("/status").asText()).isEqualTo("queued");
    String first = started.at("/scanId").asText();
    JsonNode done = await(first);
    assertThat(done.at("/status").asText()).as(done.toString()).isEqualTo("succeeded");
    assertThat(done.at("/progress/percent").asDouble()).isEqualTo(100.0);
    assertThat(done.at("/summary/openPorts").asInt()).isEqualTo(1);
    assertThat(done.at("/hosts/0/address").asText()).isEqualTo("127.0.0.1");
    assertThat(done.at("/findings").toString())
        .contains("\"port\":" + web.getLocalPort() + ",\"protocol\":\"tcp\",\"state\":\"open\"")
        .contains("\"port\":" + rulePort + ",\"protocol\":\"tcp\",\"state\":\"closed\"");

    // the rule's port opens; the next scan of the same scope finds it new, and the rule fires
    try (ServerSocket opened = new ServerSocket(rulePort, 50, InetAddress.getByName("127.0.0.1"))) {
      String second = api.post("/api/v1/scans", "ana", body).at("/scanId").asText();
      assertThat(await(second).at("/summary/openPorts").asInt()).isEqualTo(2);
      Api.Res events = api.get("/api/v1/events?type=finding&q=newly&limit=10", "ana");
      assertThat(events.text()).contains("127.0.0.1:" + rulePort + "/tcp newly open");
      JsonNode alert =
          awaitJson(
              "/api/v1/alerts?rule=scan-new-exposed-service",
              "ana",
              a -> a.at("/items").size() == 1);
      assertThat(alert.at("/items/0/entity/value").asText()).isEqualTo("127.0.0.1");
      assertThat(alert.at("/items/0/severity").asText()).isEqualTo("high");
    }
    web.close();

    // exports: attachments, not pages
    HttpResponse<String> csv =
        api.sendRaw(
            "GET",
            "/api/v1/scans/" + first + "/export?format=csv",
            List.<String[]>of(new String[] {"Authorization", "Bearer " + api.token("vic")}));
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"scan-" + first + ".csv\"");
    assertThat(csv.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(csv.body())
        .startsWith("host,hostname,protocol,port,state,service,product,version,extra_info,cpe\r\n")
        .contains("127.0.0.1,,tcp," + web.getLocalPort() + ",open,");
    Api.Res json = api.get("/api/v1/scans/" + first + "/export?format=json", "vic");
    assertThat(json.at("/scanId").asText()).isEqualTo(first);
    assertThat(api.get("/api/v1/scans/" + first + "/export?format=xls", "vic").status())
        .isEqualTo(422);
    // the PDF is a scan report, generated now and kept with the reports
    HttpResponse<byte[]> pdf =
        api.bytes("/api/v1/scans/" + first + "/export?format=pdf", api.token("vic"));
    assertThat(pdf.statusCode()).as(new String(pdf.body())).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
    try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
      assertThat(text)
          .contains("Network scan of 127.0.0.1")
          .contains(web.getLocalPort() + "/tcp")
          .contains("page 1 of " + doc.getNumberOfPages());
    }
    assertThat(api.get("/api/v1/reports?type=scan", "vic").at("/items/0/params/scanId").asText())
        .isEqualTo(first);

    // the list, newest first; a finished scan cannot be cancelled; another tenant sees none of it
    Api.Res list = api.get("/api/v1/scans?limit=1", "vic");
    assertThat(list.at("/items").size()).isEqualTo(1);
    assertThat(list.at("/nextCursor").isNull()).isFalse();
    assertThat(api.post("/api/v1/scans/" + first + "/cancel", "ana", "{}").status()).isEqualTo(409);
    assertThat(
            api.send(
                    "GET",
                    "/api/v1/scans/" + first,
                    List.<String[]>of(
                        new String[] {"Authorization", "Bearer " + api.token("globex", "ana")}),
                    null)
                .status())
        .isEqualTo(404);

    List<AuditEntry> audit =
        new AuditLog(vigil.context().getBean(DataSource.class)).list("default", 500, null).items();
    assertThat(audit.stream().filter(e -> e.action().equals("scan.start")).map(AuditEntry::outcome))
        .contains("rejected", "success");
    assertThat(audit.stream().filter(e -> e.action().equals("scan.export"))).hasSize(3);
  }

  @Test
  @Order(2)
  void aRunningScanShowsItsProgressAndIsCancelled() throws Exception {
    Api.Session admin = api.adminSession("default");
    admin.send("PATCH", "/api/v1/settings", DocExamples.json("scans.md", "scan scope"));
    java.util.concurrent.BlockingQueue<String> mine =
        api.listen("/api/v1/scans/stream", api.token("ana"));
    java.util.concurrent.BlockingQueue<String> theirs =
        api.listen("/api/v1/scans/stream", api.token("globex", "ana"));
    assertThat(mine.poll(20, TimeUnit.SECONDS)).contains("connected");
    assertThat(theirs.poll(20, TimeUnit.SECONDS)).contains("connected");
    String id =
        api.post(
                "/api/v1/scans", "ana", "{\"target\": \"127.0.0.0/28\", \"profile\": \"full-tcp\"}")
            .at("/scanId")
            .asText();
    JsonNode streamed = null;
    long until = System.currentTimeMillis() + 60_000;
    while (streamed == null && System.currentTimeMillis() < until) {
      String event = mine.poll(1, TimeUnit.SECONDS);
      if (event != null && event.startsWith("event:scan") && event.contains(id)) {
        JsonNode item = Json.parse(event.substring(event.indexOf("data:") + 5).trim());
        if (item.at("/progress/hostsTotal").asInt() == 16) {
          streamed = item;
        }
      }
    }
    assertThat(streamed).as("the stream carries the running scan's progress").isNotNull();
    assertThat(streamed.at("/status").asText()).isEqualTo("running");
    assertThat(streamed.at("/createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
    JsonNode running =
        awaitJson("/api/v1/scans/" + id, "ana", s -> s.at("/progress/hostsTotal").asInt() == 16);
    assertThat(running.at("/status").asText()).isEqualTo("running");
    assertThat(running.at("/progress/percent").asDouble()).isBetween(0.0, 99.0);
    Api.Res cancel = api.post("/api/v1/scans/" + id + "/cancel", "ana", "{}");
    assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
    assertThat(await(id).at("/status").asText()).isEqualTo("cancelled");
    for (String e = theirs.poll(); e != null; e = theirs.poll()) {
      assertThat(e).as("another tenant hears nothing of the scan").doesNotContain(id);
    }
  }

  @Test
  @Order(3)
  void theDocsScheduleIsCheckedStoredPausedAndDeleted() {
    Api.Session admin = api.adminSession("default");
    admin.send("PATCH", "/api/v1/settings", DocExamples.json("scans.md", "scan scope"));
    String example = DocExamples.json("scans.md", "nightly scan schedule");
    Api.Res bad =
        api.post(
            "/api/v1/scan-schedules",
            "ana",
            example.replace("\"0 30 2 * * *\"", "\"30 2 * * *\"").replace("nightly-lab", "x"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.at("/errors/0/pointer").asText()).isEqualTo("/cron");
    Api.Res created = api.post("/api/v1/scan-schedules", "ana", example);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(api.post("/api/v1/scan-schedules", "ana", example).status()).isEqualTo(409);
    Api.Res scheduled =
        api.await("/api/v1/scan-schedules/nightly-lab", "ana", "/timezone", "Europe/Berlin");
    String next =
        awaitJson(
                "/api/v1/scan-schedules/nightly-lab",
                "ana",
                r -> !r.at("/nextRunAt").isNull() && !r.at("/nextRunAt").isMissingNode())
            .at("/nextRunAt")
            .asText();
    java.time.ZonedDateTime local =
        java.time.Instant.parse(next).atZone(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(local.getHour() * 60 + local.getMinute()).isIn(150, 210); // 02:30 (03:30 in a gap)
    assertThat(local.toInstant()).isAfter(java.time.Instant.now());
    assertThat(scheduled.at("/cron").asText()).isEqualTo("0 30 2 * * *");

    Api.Res paused =
        api.send(
            "PATCH",
            "/api/v1/scan-schedules/nightly-lab",
            List.<String[]>of(
                new String[] {"Authorization", "Bearer " + api.token("ana")},
                new String[] {"Content-Type", "application/json"}),
            "{\"paused\": true}");
    assertThat(paused.status()).as(paused.text()).isEqualTo(200);
    assertThat(paused.at("/paused").asBoolean()).isTrue();
    awaitJson("/api/v1/scan-schedules/nightly-lab", "ana", r -> r.at("/nextRunAt").isNull());
    assertThat(api.get("/api/v1/scan-schedules", "vic").at("/items/0/name").asText())
        .isEqualTo("nightly-lab");
    Api.Res deleted =
        api.send(
            "DELETE",
            "/api/v1/scan-schedules/nightly-lab",
            List.<String[]>of(new String[] {"Authorization", "Bearer " + api.token("ana")}),
            null);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/scan-schedules/nightly-lab", "ana").status()).isEqualTo(404);
  }
}
