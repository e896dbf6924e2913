package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone app end to end over HTTP: README walkthrough, API contract, errors, audit. */
class StandaloneIT {

  static Standalone vigil;
  static Api api;
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            "--vigil.api.max-body-bytes=20000");
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  @Test
  void readmeWalkthroughWorksAsWritten() throws IOException {
    String readme = Files.readString(REPO.resolve("README.md"));
    Matcher block =
        Pattern.compile("## Walkthrough.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README has a walkthrough").isTrue();
    String run = null;
    List<Integer> statuses = new ArrayList<>();
    List<Api.Res> answers = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      boolean capture = line.startsWith("RUN=$(");
      Api.Res res = curl(line.replace("$RUN", String.valueOf(run)));
      statuses.add(res.status());
      answers.add(res);
      if (capture) {
        run = res.at("/runId").asText();
        api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
      }
    }
    assertThat(statuses).containsExactly(201, 201, 200, 403, 200, 200, 200);
    assertThat(answers.get(0).at("/key").asText()).isEqualTo("block-ip");
    assertThat(answers.get(2).text()).contains(run).contains("Block 203.0.113.7?");
    assertThat(answers.get(3).at("/type").asText()).endsWith("/four-eyes");
    assertThat(answers.get(4).at("/outcome").asText()).isEqualTo("approved");
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(done.at("/outputs/blocked").asBoolean()).isTrue();
    assertThat(done.at("/steps/1/output/message").asText()).isEqualTo("blocking 203.0.113.7");
    Api.Res history =
        curl(
            "curl -s \"localhost:8080/api/v1/runs/"
                + run
                + "/history?limit=5\" -H 'X-Vigil-User: ana'");
    assertThat(history.at("/items").size()).isEqualTo(5);
    assertThat(history.at("/items/0/type").asText()).isEqualTo("WORKFLOW_EXECUTION_STARTED");
    assertThat(history.at("/items/0/details/input/0/inputs/ip").asText()).isEqualTo("203.0.113.7");
    Api.Res page2 =
        api.get(
            "/api/v1/runs/" + run + "/history?limit=5&cursor=" + history.at("/nextCursor").asText(),
            "ana");
    assertThat(page2.at("/items/0/id").asLong()).isEqualTo(6);
  }

  /**
   * Executes one README curl line: -s, -X, -H, -d, --data @file, URL; "RUN=$(…| sed …)" wrappers.
   */
  static Api.Res curl(String line) {
    String cmd = line.replaceFirst("^RUN=\\$\\(", "").replaceFirst("\\s*\\|\\s*sed .*$", "");
    List<String> tokens = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(cmd);
    while (m.find()) {
      tokens.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    assertThat(tokens.get(0)).isEqualTo("curl");
    String method = "GET";
    String url = null;
    String body = null;
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < tokens.size(); i++) {
      String t = tokens.get(i);
      switch (t) {
        case "-s" -> {}
        case "-X" -> method = tokens.get(++i);
        case "-H" -> {
          String[] kv = tokens.get(++i).split(":\\s*", 2);
          headers.add(kv);
        }
        case "-d", "--data" -> {
          String d = tokens.get(++i);
          body = d.startsWith("@") ? read(REPO.resolve(d.substring(1))) : d;
          if (method.equals("GET")) {
            method = "POST";
          }
        }
        default -> url = t;
      }
    }
    assertThat(url).startsWith("localhost:8080/");
    return api.send(method, url.substring("localhost:8080".length()), headers, body);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void publishingValidatesAndDeduplicates() {
    String def =
        "{\"key\": \"dedupe-me\", \"title\": \"D\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}";
    Api.Res first = api.post("/api/v1/playbooks", "eng", null, def);
    Api.Res again = api.post("/api/v1/playbooks", "eng", null, def.replace(" ", "  "));
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.at("/version").asInt()).isEqualTo(first.at("/version").asInt());
    assertThat(again.at("/created").asBoolean()).isFalse();

    Api.Res bad =
        api.post(
            "/api/v1/playbooks",
            "eng",
            null,
            "{\"key\": \"bad-one\", \"title\": \"B\", \"steps\": [{\"id\": \"a\", \"action\": \"core.lgo\"}, {\"id\": \"a\", \"wait\": {\"duration\": \"soon\"}}]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(pointers(bad))
        .containsExactlyInAnyOrder("/steps/0/action", "/steps/1/id", "/steps/1/wait/duration");
    assertThat(api.get("/api/v1/playbooks/bad-one", "eng").status()).isEqualTo(404);

    Api.Res validate = api.post("/api/v1/playbooks/validate", "eng", null, "{\"key\": \"x\"");
    assertThat(validate.status()).isEqualTo(200);
    assertThat(validate.at("/valid").asBoolean()).isFalse();
    assertThat(validate.at("/errors/0/message").asText()).startsWith("not valid JSON");

    Api.Res one = api.get("/api/v1/playbooks/dedupe-me?version=1", "eng");
    assertThat(one.at("/definition/steps/0/id").asText()).isEqualTo("a");
    assertThat(one.at("/versions").size()).isEqualTo(1);
    Api.Res list = api.get("/api/v1/playbooks?limit=2", "eng");
    assertThat(list.at("/items").size()).isEqualTo(2);
    assertThat(list.at("/nextCursor").isTextual()).isTrue();
    assertThat(
            api.get("/api/v1/schema/playbook", "eng")
                .at("/$defs/step/properties/approval/description")
                .asText())
        .isNotBlank();
    assertThat(api.get("/api/v1/actions", "eng").text()).contains("\"name\":\"http.request\"");
    assertThat(api.get("/v3/api-docs", "eng").text())
        .contains("/api/v1/runs/{runId}/approvals/{stepId}");
    assertThat(api.get("/swagger-ui/index.html", "eng").status()).isEqualTo(200);
  }

  @Test
  void badInputGetsProblemsWithPointersNever500() {
    Api.Res noUser = api.send("GET", "/api/v1/runs", List.of(), null);
    assertThat(noUser.status()).isEqualTo(401);
    Api.Res unknownPlaybook =
        api.post("/api/v1/runs", "ana", null, "{\"playbook\": \"nope\", \"inputs\": {}}");
    assertThat(unknownPlaybook.status()).isEqualTo(422);
    assertThat(pointers(unknownPlaybook)).containsExactly("/playbook");
    Api.Res badInputs =
        api.post(
            "/api/v1/runs",
            "ana",
            null,
            "{\"playbook\": \"contain-ssh-brute-force\", \"inputs\": {\"src_ip\": \"not-an-ip\", \"failures\": \"many\"}}");
    assertThat(badInputs.status()).isEqualTo(422);
    assertThat(pointers(badInputs)).contains("/inputs/src_ip", "/inputs/failures", "/inputs");
    Api.Res badMode =
        api.post(
            "/api/v1/runs",
            "ana",
            null,
            "{\"playbook\": \"enrich-ip\", \"inputs\": {}, \"mode\": \"pretend\"}");
    assertThat(pointers(badMode)).containsExactly("/mode");
    Api.Res unknownField =
        api.post("/api/v1/runs", "ana", null, "{\"playbook\": \"enrich-ip\", \"input\": {}}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(pointers(unknownField)).containsExactly("/input");
    Api.Res wrongType =
        api.post(
            "/api/v1/runs", "ana", null, "{\"playbook\": \"enrich-ip\", \"version\": \"two\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(pointers(wrongType)).containsExactly("/version");
    Api.Res malformed = api.post("/api/v1/runs", "ana", null, "{\"playbook\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.at("/type").asText()).endsWith("/malformed-json");
    Api.Res textPlain =
        api.send(
            "POST",
            "/api/v1/runs",
            List.of(
                new String[] {"X-Vigil-User", "ana"}, new String[] {"Content-Type", "text/plain"}),
            "hi");
    assertThat(textPlain.status()).isEqualTo(415);
    assertThat(textPlain.at("/type").asText())
        .isEqualTo("https://vigil.dev/problems/unsupported-media-type");
    Api.Res huge =
        api.post(
            "/api/v1/playbooks/validate", "ana", null, "{\"key\": \"" + "x".repeat(30_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(api.get("/api/v1/runs/no-such-run", "ana").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/runs?status=sleeping", "ana").status()).isEqualTo(422);
    assertThat(api.get("/api/v1/runs?limit=0", "ana").status()).isEqualTo(422);
    assertThat(api.get("/api/v1/runs?cursor=garbage", "ana").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/runs?from=yesterday", "ana").status()).isEqualTo(422);
    assertThat(api.get("/api/v1/nothing-here", "ana").status()).isEqualTo(404);
    assertThat(
            api.send(
                    "DELETE",
                    "/api/v1/runs",
                    List.<String[]>of(new String[] {"X-Vigil-User", "ana"}),
                    null)
                .status())
        .isEqualTo(405);
    for (Api.Res r : List.of(noUser, unknownPlaybook, unknownField, malformed, huge)) {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.text()).doesNotContain("Exception").doesNotContain("at dev.vigil");
    }
  }

  @Test
  void decisionsMapToHttpStatusesAndAreAudited() {
    publish(
        "{\"key\": \"two-step\", \"title\": \"T\", \"steps\": ["
            + "{\"id\": \"first\", \"approval\": {\"prompt\": \"ok?\", \"approvers\": {\"roles\": [\"analyst\"], \"users\": [\"lead\"]}, \"quorum\": 2}},"
            + "{\"id\": \"after\", \"action\": \"core.log\", \"with\": {\"message\": \"${{ steps.first.outcome }}\"}}]}");
    String run = start("two-step", "{}");
    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    assertThat(decide(run, "first", "eve", "viewer", "approve").status()).isEqualTo(403);
    assertThat(decide(run, "ghost", "ben", "analyst", "approve").status()).isEqualTo(404);
    assertThat(decide(run, "after", "ben", "analyst", "approve").status()).isEqualTo(409);
    assertThat(decide(run, "first", "ben", "analyst", "maybe").status()).isEqualTo(422);
    assertThat(decide("no-run", "first", "ben", "analyst", "approve").status()).isEqualTo(404);
    assertThat(decide(run, "first", "ben", "analyst", "approve").status()).isEqualTo(200);
    Api.Res twice = decide(run, "first", "ben", "analyst", "approve");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.at("/type").asText()).endsWith("/duplicate-vote");
    Api.Res inbox = api.get("/api/v1/approvals?status=pending", "ben");
    assertThat(inbox.text()).contains(run);
    assertThat(decide(run, "first", "lead", null, "approve").status()).isEqualTo(200);
    api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/source", "store");
    assertThat(done.at("/status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/approvals/0/votes").size()).isEqualTo(2);
    assertThat(decide(run, "first", "zed", "analyst", "approve").status()).isEqualTo(409);
    assertThat(api.get("/api/v1/approvals?status=pending", "ben").text()).doesNotContain(run);

    List<AuditEntry> audit =
        new AuditLog(vigil.context().getBean(DataSource.class)).list("default", 200, null).items();
    assertThat(audit)
        .filteredOn(e -> e.target().startsWith("run/" + run))
        .extracting(e -> e.action() + " " + e.actor() + " " + e.outcome())
        .contains(
            "run.start ana success",
            "approval.vote eve rejected",
            "approval.vote ben success",
            "approval.vote ben rejected",
            "approval.vote lead success");
  }

  @Test
  void cancelWithRollbackAndRunListFilters() {
    publish(
        "{\"key\": \"cancel-me\", \"title\": \"C\", \"steps\": ["
            + "{\"id\": \"isolate\", \"action\": \"core.log\", \"with\": {\"message\": \"isolate\"}, \"undo\": {\"action\": \"core.log\", \"with\": {\"message\": \"release\"}}},"
            + "{\"id\": \"confirm\", \"approval\": {\"prompt\": \"keep?\", \"approvers\": {\"roles\": [\"analyst\"]}}}]}");
    String run = start("cancel-me", "{}");
    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    Api.Res cancel =
        api.post(
            "/api/v1/runs/" + run + "/cancel",
            "ana",
            null,
            "{\"rollback\": true, \"reason\": \"false positive\"}");
    assertThat(cancel.status()).isEqualTo(202);
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "rolled_back");
    assertThat(done.at("/steps/0/status").asText()).isEqualTo("undone");
    assertThat(done.at("/steps/1/status").asText()).isEqualTo("cancelled");
    assertThat(done.at("/error/message").asText()).contains("false positive");
    assertThat(api.post("/api/v1/runs/" + run + "/cancel", "ana", null, "{}").status())
        .isEqualTo(409);

    Api.Res rolledBack = api.get("/api/v1/runs?status=rolled_back&playbook=cancel-me", "ana");
    assertThat(rolledBack.at("/items/0/runId").asText()).isEqualTo(run);
    String other = start("cancel-me", "{}");
    Api.Res byAna = api.get("/api/v1/runs?startedBy=ana&limit=1", "ana");
    assertThat(byAna.at("/items/0/runId").asText()).isEqualTo(other);
    Api.Res next =
        api.get(
            "/api/v1/runs?startedBy=ana&limit=1&cursor=" + byAna.at("/nextCursor").asText(), "ana");
    assertThat(next.at("/items/0/runId").asText()).isNotEqualTo(other);
    api.post("/api/v1/runs/" + other + "/cancel", "ana", null, "{}");
    api.await("/api/v1/runs/" + other, "ana", "/status", "cancelled");

    List<AuditEntry> audit =
        new AuditLog(vigil.context().getBean(DataSource.class)).list("default", 200, null).items();
    assertThat(audit)
        .extracting(e -> e.action() + " " + e.target() + " " + e.outcome())
        .contains(
            "run.cancel run/" + run + " success",
            "run.cancel run/" + run + " rejected",
            "run.cancel run/" + other + " success",
            "playbook.publish playbook/cancel-me/v1 success");
  }

  @Test
  void auditTrailIsReadableByAuditorsAndVerifiable() throws Exception {
    publish(
        "{\"key\": \"audited\", \"title\": \"A\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}");
    Api.Res denied =
        api.send(
            "GET",
            "/api/v1/audit",
            List.of(
                new String[] {"X-Vigil-User", "ana"}, new String[] {"X-Vigil-Roles", "analyst"}),
            null);
    assertThat(denied.status()).isEqualTo(403);
    List<String[]> auditor =
        List.of(new String[] {"X-Vigil-User", "aud"}, new String[] {"X-Vigil-Roles", "auditor"});
    Api.Res page = api.send("GET", "/api/v1/audit?limit=5", auditor, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.at("/items/0/action").asText()).isEqualTo("audit.read");
    assertThat(page.at("/items/0/outcome").asText()).isEqualTo("denied");
    assertThat(page.text()).contains("playbook/audited/v1");
    Api.Res ok = api.send("GET", "/api/v1/audit/verify", auditor, null);
    assertThat(ok.at("/valid").asBoolean()).isTrue();
    assertThat(ok.at("/checked").asLong()).isPositive();

    DataSource ds = vigil.context().getBean(DataSource.class);
    long target = page.at("/items/1/id").asLong();
    try (var c = ds.getConnection();
        var st = c.createStatement()) {
      st.execute("alter table audit_log disable trigger audit_log_append_only");
      st.execute("update audit_log set actor = 'someone-else' where id = " + target);
      st.execute("alter table audit_log enable trigger audit_log_append_only");
    }
    Api.Res broken = api.send("GET", "/api/v1/audit/verify", auditor, null);
    assertThat(broken.at("/valid").asBoolean()).isFalse();
    assertThat(broken.at("/firstBrokenId").asLong()).isEqualTo(target);
  }

  @Test
  void everyResponseCarriesSecurityHeadersAndForeignOriginsGetNoCors() {
    for (Api.Res r :
        List.of(api.get("/api/v1/playbooks", "ana"), api.get("/api/v1/runs/nope", "ana"))) {
      assertThat(r.status()).isIn(200, 404);
    }
    var res =
        api.sendRaw(
            "GET",
            "/api/v1/playbooks",
            List.of(
                new String[] {"X-Vigil-User", "ana"},
                new String[] {"Origin", "https://evil.example"}));
    assertThat(res.headers().firstValue("content-security-policy").orElse(""))
        .contains("frame-ancestors 'none'");
    assertThat(res.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(res.headers().firstValue("referrer-policy")).contains("no-referrer");
    assertThat(res.headers().firstValue("access-control-allow-origin")).isEmpty();
    var preflight =
        api.sendRaw(
            "OPTIONS",
            "/api/v1/runs",
            List.of(
                new String[] {"Origin", "https://evil.example"},
                new String[] {"Access-Control-Request-Method", "POST"}));
    assertThat(preflight.headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  static void publish(String def) {
    Api.Res r = api.post("/api/v1/playbooks", "eng", null, def);
    assertThat(r.status()).as(r.text()).isIn(200, 201);
  }

  static String start(String playbook, String inputs) {
    Api.Res r =
        api.post(
            "/api/v1/runs",
            "ana",
            null,
            "{\"playbook\": \"" + playbook + "\", \"inputs\": " + inputs + "}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/runId").asText();
  }

  static Api.Res decide(String run, String step, String user, String roles, String decision) {
    return api.post(
        "/api/v1/runs/" + run + "/approvals/" + step,
        user,
        roles,
        "{\"decision\": \"" + decision + "\"}");
  }

  static List<String> pointers(Api.Res r) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.at("/errors")) {
      out.add(e.path("pointer").asText());
    }
    return out;
  }
}
