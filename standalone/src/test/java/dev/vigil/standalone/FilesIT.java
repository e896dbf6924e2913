package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure file store end to end: uploads, refusals, DLP alerts, links, downloads, RBAC. */
class FilesIT {

  static Standalone vigil;
  static Api api;
  static Path files;

  @BeforeAll
  static void start(@TempDir Path data) {
    files = data.resolve("files");
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.files.link-ttl=3s"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static JsonNode awaitJson(String path, String user, java.util.function.Predicate<JsonNode> done) {
    return api.awaitJson(path, user, 60, done);
  }

  List<AuditEntry> audit(String action) {
    return new AuditLog(vigil.context().getBean(DataSource.class))
        .list("default", 500, null).items().stream()
            .filter(e -> e.action().equals(action))
            .toList();
  }

  @Test
  void anAnalystUploadsAViewerDownloadsAndEveryStepIsAudited() throws Exception {
    byte[] csv = "host,port\n10.0.0.5,3389\n".getBytes(StandardCharsets.UTF_8);
    Api.Res up = api.upload("ana", "exposed-hosts.csv", csv, "scan", "q4,rdp");
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    String id = up.at("/fileId").asText();
    assertThat(up.at("/contentType").asText()).isEqualTo("text/csv");
    assertThat(up.at("/sha256").asText()).isEqualTo(sha(csv));
    assertThat(up.at("/size").asLong()).isEqualTo(csv.length);
    assertThat(up.at("/tags").toString()).isEqualTo("[\"scan\",\"q4\",\"rdp\"]");
    assertThat(up.at("/dlp/scanned").asBoolean()).isTrue();
    assertThat(
            files.resolve("default/" + sha(csv).substring(0, 2) + "/" + sha(csv)).toFile().length())
        .isEqualTo(csv.length);

    assertThat(api.get("/api/v1/files?tag=rdp", "vic").at("/items/0/fileId").asText())
        .isEqualTo(id);
    assertThat(api.get("/api/v1/files?tag=nothing", "vic").at("/items").size()).isZero();
    assertThat(api.get("/api/v1/files?type=text/", "vic").at("/items").size()).isEqualTo(1);

    HttpResponse<byte[]> got = api.bytes("/api/v1/files/" + id + "/download", api.token("vic"));
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(csv);
    assertThat(got.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment")
        .contains("exposed-hosts.csv");
    assertThat(got.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(got.headers().firstValue("ETag")).contains("\"" + sha(csv) + "\"");

    JsonNode detail = api.get("/api/v1/files/" + id, "ana").json();
    assertThat(detail.at("/createdBy").asText()).isEqualTo("ana");
    assertThat(detail.at("/downloads/0/by").asText()).isEqualTo("vic");
    assertThat(detail.at("/downloads/0/via").asText()).isEqualTo("api");
    assertThat(audit("file.upload")).anyMatch(e -> e.target().equals("file:" + id));
    assertThat(audit("file.download"))
        .anyMatch(e -> e.target().equals("file:" + id) && e.actor().equals("vic"));

    // the viewer may not delete; an admin may, and then it is gone
    assertThat(
            api.send(
                    "DELETE",
                    "/api/v1/files/" + id,
                    java.util.List.<String[]>of(
                        new String[] {"Authorization", "Bearer " + api.token("vic")}),
                    null)
                .status())
        .isEqualTo(403);
    assertThat(
            api.send(
                    "DELETE",
                    "/api/v1/files/" + id,
                    java.util.List.<String[]>of(
                        new String[] {"Authorization", "Bearer " + api.token("adm")}),
                    null)
                .status())
        .isEqualTo(204);
    assertThat(api.get("/api/v1/files/" + id, "ana").status()).isEqualTo(404);
    assertThat(files.resolve("default/" + sha(csv).substring(0, 2) + "/" + sha(csv)))
        .doesNotExist();
    assertThat(audit("file.delete")).anyMatch(e -> e.target().equals("file:" + id));
  }

  @Test
  void aRenamedExecutableAnOversizedFileAndABadTagAreRefusedAndAudited() throws Exception {
    byte[] elf = new byte[512];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
    elf[16] = 2;
    elf[18] = 0x3e;
    Api.Res exe = api.upload("ana", "invoice.pdf", elf);
    assertThat(exe.status()).as(exe.text()).isEqualTo(415);
    assertThat(exe.at("/type").asText()).endsWith("file-type-not-allowed");
    assertThat(exe.at("/detail").asText()).contains("found from the content");
    assertThat(audit("file.upload"))
        .anyMatch(
            e ->
                e.outcome().equals("rejected")
                    && "invoice.pdf".equals(e.details().get("name"))
                    && "type-not-allowed".equals(e.details().get("reason")));

    Api.Res tag = api.upload("ana", "a.txt", "x".getBytes(), "Not A Tag");
    assertThat(tag.status()).isEqualTo(422);
    assertThat(tag.at("/errors/0/pointer").asText()).isEqualTo("/tags/0");

    Api.Res named = api.upload("ana", "../../../etc/cron.d/evil", "* * * * * root id\n".getBytes());
    assertThat(named.status()).as(named.text()).isEqualTo(201);
    assertThat(named.at("/name").asText()).isEqualTo("evil");
  }

  @Test
  void theTenantsLimitsComeFromTheDocsSettingsAndHold() throws Exception {
    Api.Session admin = api.adminSession("limits");
    Api.Res set =
        admin.send("PATCH", "/api/v1/settings", DocExamples.json("files.md", "file limits"));
    assertThat(set.status()).as(set.text()).isEqualTo(200);
    assertThat(set.at("/maxUploadBytes").asLong()).isEqualTo(52_428_800L);
    assertThat(set.at("/dlpPatterns/0/name").asText()).isEqualTo("project_codename");
    Api.Res bad =
        admin.send(
            "PATCH",
            "/api/v1/settings",
            "{\"maxUploadBytes\": 0, \"dlpPatterns\": [{\"name\": \"x\", \"regex\": \"(open\"}]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.text()).contains("/maxUploadBytes").contains("/dlpPatterns/0/regex");

    Api.Res small = admin.send("PATCH", "/api/v1/settings", "{\"maxUploadBytes\": 1000}");
    assertThat(small.status()).as(small.text()).isEqualTo(200);
    Api.Res big =
        api.uploadWithKey(api.token("limits", "ana"), "big.txt", "y".repeat(1001).getBytes());
    assertThat(big.status()).as(big.text()).isEqualTo(413);
    assertThat(big.at("/type").asText()).endsWith("file-too-large");
    JsonNode usage =
        api.withKey("GET", "/api/v1/files/usage", api.token("limits", "ana"), null).json();
    assertThat(usage.at("/maxUploadBytes").asLong()).isEqualTo(1000);
    assertThat(usage.at("/usedBytes").asLong()).isZero();
    assertThat(usage.at("/allowedTypes").toString()).contains("application/pdf");
  }

  @Test
  void thePlantedCardAndKeyAreFoundAndRaiseAnAlert() throws Exception {
    String planted = "customer,card\nacme,4111 1111 1111 1111\n# ci creds: AKIAIOSFODNN7EXAMPLE\n";
    Api.Res up = api.upload("ana", "customers.csv", planted.getBytes());
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    assertThat(up.at("/dlp/findings").toString())
        .contains("payment_card")
        .contains("aws_access_key")
        .doesNotContain("4111 1111 1111 1111");
    JsonNode alert =
        awaitJson(
            "/api/v1/alerts?rule=dlp-sensitive-data-in-file",
            "ana",
            a -> a.at("/items").size() == 1);
    assertThat(alert.at("/items/0/severity").asText()).isEqualTo("high");
    assertThat(alert.at("/items/0/entity/value").asText()).isEqualTo("customers.csv");
  }

  @Test
  void aSignedLinkWorksWithoutSigningInUntilItExpiresAndCannotBeAltered() throws Exception {
    byte[] pdf = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes();
    Api.Res up = api.upload("ana", "board-summary.pdf", pdf);
    assertThat(up.status()).as(up.text()).isEqualTo(201);
    assertThat(up.at("/contentType").asText()).isEqualTo("application/pdf");
    String id = up.at("/fileId").asText();
    Api.Res link = api.post("/api/v1/files/" + id + "/link", "ana", "{}");
    assertThat(link.status()).as(link.text()).isEqualTo(200);
    String url = link.at("/url").asText();
    assertThat(url).startsWith("/api/v1/files/links/");

    HttpResponse<byte[]> viaLink = api.bytes(url, null);
    assertThat(viaLink.statusCode()).isEqualTo(200);
    assertThat(viaLink.body()).isEqualTo(pdf);
    assertThat(api.get("/api/v1/files/" + id, "ana").at("/downloads/0/via").asText())
        .isEqualTo("link");

    String token = url.substring(url.lastIndexOf('/') + 1);
    String forged =
        token.substring(0, 5) + (token.charAt(5) == 'A' ? 'B' : 'A') + token.substring(6);
    HttpResponse<byte[]> bad = api.bytes("/api/v1/files/links/" + forged, null);
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(new String(bad.body())).contains("link-invalid");

    // the other tenant cannot see the file by its id
    assertThat(api.withKey("GET", "/api/v1/files/" + id, api.token("globex", "ana"), null).status())
        .isEqualTo(404);
    assertThat(
            api.bytes("/api/v1/files/" + id + "/download", api.token("globex", "ana")).statusCode())
        .isEqualTo(404);

    IncidentLoopIT.sleep(3_500);
    HttpResponse<byte[]> late = api.bytes(url, null);
    assertThat(late.statusCode()).isEqualTo(403);
    assertThat(new String(late.body())).contains("link-expired");
    assertThat(audit("file.download"))
        .anyMatch(e -> e.outcome().equals("denied") && e.target().equals("file:" + id));
  }
}
