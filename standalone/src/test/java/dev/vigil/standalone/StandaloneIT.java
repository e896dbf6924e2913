package dev.vigil.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.store.audit.AuditEntry;
import dev.vigil.store.audit.AuditLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone app end to end over HTTP: README walkthrough, API contract, errors, audit. */
class StandaloneIT {

  static Standalone vigil;
  static Api api;

  @BeforeAll
  static void start(@TempDir Path data) {
    vigil =
        Standalone.start(
            new StandaloneSettings(data, 0, Ports.free(), null, null),
            Api.args("--vigil.api.max-body-bytes=20000"));
    api = new Api(vigil.port());
  }

  @AfterAll
  static void stop() {
    vigil.close();
  }

  @Test
  void publishingValidatesAndDeduplicates() {
    String def =
        "{\"key\": \"dedupe-me\", \"title\": \"D\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}";
    Api.Res first = api.post("/api/v1/playbooks", "eng", def);
    Api.Res again = api.post("/api/v1/playbooks", "eng", def.replace(" ", "  "));
    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.at("/version").asInt()).isEqualTo(first.at("/version").asInt());
    assertThat(again.at("/created").asBoolean()).isFalse();

    Api.Res bad =
        api.post(
            "/api/v1/playbooks",
            "eng",
            "{\"key\": \"bad-one\", \"title\": \"B\", \"steps\": [{\"id\": \"a\", \"action\": \"core.lgo\"}, {\"id\": \"a\", \"wait\": {\"duration\": \"soon\"}}]}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(pointers(bad))
        .containsExactlyInAnyOrder("/steps/0/action", "/steps/1/id", "/steps/1/wait/duration");
    assertThat(api.get("/api/v1/playbooks/bad-one", "eng").status()).isEqualTo(404);

    Api.Res validate = api.post("/api/v1/playbooks/validate", "eng", "{\"key\": \"x\"");
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
        api.post("/api/v1/runs", "ana", "{\"playbook\": \"nope\", \"inputs\": {}}");
    assertThat(unknownPlaybook.status()).isEqualTo(422);
    assertThat(pointers(unknownPlaybook)).containsExactly("/playbook");
    Api.Res badInputs =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"contain-ssh-brute-force\", \"inputs\": {\"src_ip\": \"not-an-ip\", \"failures\": \"many\"}}");
    assertThat(badInputs.status()).isEqualTo(422);
    assertThat(pointers(badInputs)).contains("/inputs/src_ip", "/inputs/failures", "/inputs");
    Api.Res badMode =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"enrich-ip\", \"inputs\": {}, \"mode\": \"pretend\"}");
    assertThat(pointers(badMode)).containsExactly("/mode");
    Api.Res unknownField =
        api.post("/api/v1/runs", "ana", "{\"playbook\": \"enrich-ip\", \"input\": {}}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(pointers(unknownField)).containsExactly("/input");
    Api.Res wrongType =
        api.post("/api/v1/runs", "ana", "{\"playbook\": \"enrich-ip\", \"version\": \"two\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(pointers(wrongType)).containsExactly("/version");
    Api.Res malformed = api.post("/api/v1/runs", "ana", "{\"playbook\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.at("/type").asText()).endsWith("/malformed-json");
    Api.Res textPlain =
        api.send(
            "POST",
            "/api/v1/runs",
            List.of(
                new String[] {"Authorization", "Bearer " + api.token("ana")},
                new String[] {"Content-Type", "text/plain"}),
            "hi");
    assertThat(textPlain.status()).isEqualTo(415);
    assertThat(textPlain.at("/type").asText())
        .isEqualTo("https://vigil.dev/problems/unsupported-media-type");
    Api.Res huge =
        api.post("/api/v1/playbooks/validate", "ana", "{\"key\": \"" + "x".repeat(30_000) + "\"}");
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
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + api.token("ana")}),
                    null)
                .status())
        .isEqualTo(405);
    for (Api.Res r : List.of(noUser, unknownPlaybook, unknownField, malformed, huge)) {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.text()).doesNotContain("Exception").doesNotContain("at dev.vigil");
    }
  }

  @Test
  void nulBytesAreRefusedWithAPointerAndNeverReachTheStore() {
    String step = "{\"id\": \"s\", \"action\": \"core.log\", \"with\": {\"message\": \"m\"}}";
    String ask =
        "{\"id\": \"ask\", \"approval\": {\"prompt\": \"ok?\", \"approvers\": {\"users\": [\"ben\"]}}}";
    String pb = "{\"key\": \"nul-pb\", \"title\": \"T\", \"steps\": [" + step + "]}";
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("/title", pb.replace("\"T\"", "\"T\\u0000\""));
    bodies.put("/key", pb.replace("nul-pb", "nul\\u0000pb"));
    bodies.put("/steps/0/with/message", pb.replace("\"m\"", "\"m\\u0000\""));
    bodies.put(
        "/steps/0/approval/prompt", pb.replace(step, ask).replace("\"ok?\"", "\"ok\\u0000?\""));
    bodies.put(
        "/steps/0/approval/approvers/users/0", pb.replace(step, ask).replace("ben", "b\\u0000"));
    for (var e : bodies.entrySet()) {
      Api.Res r = api.post("/api/v1/playbooks", "eng", e.getValue());
      assertThat(r.status()).as(e.getKey() + ": " + r.text()).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.at("/type").asText()).endsWith("/validation");
      assertThat(pointers(r)).containsExactly(e.getKey());
    }
    assertThat(api.get("/api/v1/playbooks/nul-pb", "eng").status()).isEqualTo(404);

    publish(pb.replace(step, ask));
    Api.Res inputs =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"nul-pb\", \"inputs\": {\"note\": [\"x\\u0000\"]}}");
    assertThat(inputs.status()).isEqualTo(422);
    assertThat(pointers(inputs)).containsExactly("/inputs/note/0");
    Api.Res inputKey =
        api.post(
            "/api/v1/runs", "ana", "{\"playbook\": \"nul-pb\", \"inputs\": {\"a\\u0000\": 1}}");
    assertThat(inputKey.status()).isEqualTo(422);
    assertThat(pointers(inputKey)).containsExactly("/inputs/a\u0000");
    Api.Res tenant =
        api.post("/api/v1/tenants", "admin", "{\"id\": \"nul-t\", \"name\": \"N\\u0000\"}");
    assertThat(tenant.status()).isEqualTo(422);
    assertThat(pointers(tenant)).containsExactly("/name");
    for (String query :
        List.of(
            "/api/v1/runs?playbook=a%00b",
            "/api/v1/runs?startedBy=%00", "/api/v1/audit?action=x%00")) {
      Api.Res r = api.get(query, "admin");
      assertThat(r.status()).as(query).isEqualTo(422);
      assertThat(pointers(r))
          .as(query)
          .containsExactly(
              query.substring(query.indexOf('?'), query.indexOf('=')).replace('?', '/'));
    }

    String run = start("nul-pb", "{}");
    api.await("/api/v1/runs/" + run, "ana", "/status", "waiting_approval");
    Api.Res comment =
        api.post(
            "/api/v1/runs/" + run + "/approvals/ask",
            "ben",
            "{\"decision\": \"approve\", \"comment\": \"fine\\u0000\"}");
    assertThat(comment.status()).isEqualTo(422);
    assertThat(pointers(comment)).containsExactly("/comment");
    Api.Res reason =
        api.post("/api/v1/runs/" + run + "/cancel", "ana", "{\"reason\": \"stop\\u0000\"}");
    assertThat(reason.status()).isEqualTo(422);
    assertThat(pointers(reason)).containsExactly("/reason");
    assertThat(api.get("/api/v1/runs/" + run, "ana").at("/status").asText())
        .isEqualTo("waiting_approval");
    Api.Res vote =
        api.post(
            "/api/v1/runs/" + run + "/approvals/ask",
            "ben",
            "{\"decision\": \"approve\", \"comment\": \"fine\"}");
    assertThat(vote.status()).isEqualTo(200);
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(done.at("/status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/approvals/0/votes/0/comment").asText()).isEqualTo("fine");
  }

  @Test
  void duplicateKeysWildcardTypesBadCursorsAndExtremeDatesAreClientErrors() throws Exception {
    Api.Res dup = api.post("/api/v1/runs", "ana", "{\"playbook\": \"a\", \"playbook\": \"b\"}");
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.at("/type").asText()).endsWith("/duplicate-key");
    assertThat(dup.at("/detail").asText()).contains("'playbook'");
    assertThat(pointers(dup)).containsExactly("/playbook");
    Api.Res nested =
        api.post(
            "/api/v1/playbooks",
            "eng",
            "{\"key\": \"d\", \"steps\": [{\"id\": \"a\", \"with\": {\"x\": 1, \"x\": 2}}]}");
    assertThat(nested.status()).isEqualTo(400);
    assertThat(pointers(nested)).containsExactly("/steps/0/with/x");
    Api.Res login =
        api.send(
            "POST",
            "/api/v1/auth/login",
            List.<String[]>of(new String[] {"Content-Type", "application/json"}),
            "{\"username\": \"a\", \"username\": \"b\", \"password\": \"p\"}");
    assertThat(login.status()).isEqualTo(400);

    for (String[] call :
        List.of(
            new String[] {
              "/api/v1/users", "admin", "{\"username\": \"wild\", \"role\": \"viewer\"}"
            },
            new String[] {"/api/v1/api-keys", "ana", "{\"name\": \"wild\"}"},
            new String[] {"/api/v1/auth/login", null, "{\"username\": \"x\", \"password\": \"y\"}"},
            new String[] {"/api/v1/runs", "ana", "{\"playbook\": \"enrich-ip\"}"})) {
      List<String[]> headers = new ArrayList<>();
      headers.add(new String[] {"Content-Type", "*/*"});
      if (call[1] != null) {
        headers.add(new String[] {"Authorization", "Bearer " + api.token(call[1])});
      }
      Api.Res r = api.send("POST", call[0], headers, call[2]);
      assertThat(r.status()).as(call[0] + ": " + r.text()).isEqualTo(415);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.at("/type").asText()).endsWith("/unsupported-media-type");
    }

    try (var socket = new java.net.Socket("localhost", vigil.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/runs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String raw =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      assertThat(head).startsWith("http/1.1 501");
      assertThat(head)
          .contains("content-type: application/problem+json")
          .contains("content-security-policy: default-src 'self'")
          .contains("x-content-type-options: nosniff");
      assertThat(body)
          .contains("\"status\":501")
          .contains("\"type\":\"https://vigil.dev/problems/");
    }

    var firewalled =
        api.sendRaw(
            "GET",
            "/api/v1//runs",
            List.<String[]>of(new String[] {"Authorization", "Bearer " + api.token("ana")}));
    assertThat(firewalled.statusCode()).isEqualTo(400);
    assertThat(firewalled.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(firewalled.headers().firstValue("x-content-type-options")).contains("nosniff");
    assertThat(firewalled.body()).contains("\"status\":400");

    String crafted =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("x".getBytes());
    String badTime =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("yesterday\u001fr\u001fs".getBytes());
    String farTime =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("+999999999-12-31T00:00:00Z\u001fr".getBytes());
    for (String query :
        List.of(
            "/api/v1/audit?cursor=abc",
            "/api/v1/audit?cursor=" + crafted,
            "/api/v1/users?cursor=AAAA",
            "/api/v1/playbooks?cursor=AAAA",
            "/api/v1/tenants?cursor=AAAA",
            "/api/v1/approvals?cursor=" + badTime,
            "/api/v1/runs?cursor=" + farTime,
            "/api/v1/api-keys?cursor=" + farTime)) {
      Api.Res r = api.get(query, "admin");
      assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(400);
      assertThat(pointers(r)).as(query).containsExactly("/cursor");
    }
    for (String query :
        List.of(
            "/api/v1/runs?from=-999999999-01-01T00:00:00Z",
            "/api/v1/audit?from=-999999999-01-01T00:00:00Z",
            "/api/v1/audit?to=+999999999-12-31T23:59:59Z")) {
      Api.Res r = api.get(query, "admin");
      assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(422);
      assertThat(pointers(r))
          .as(query)
          .containsExactly("/" + query.substring(query.indexOf('?') + 1, query.indexOf('=')));
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
    assertThat(decide(run, "first", "vic", "approve").status()).isEqualTo(403);
    assertThat(decide(run, "ghost", "ben", "approve").status()).isEqualTo(404);
    assertThat(decide(run, "after", "ben", "approve").status()).isEqualTo(409);
    assertThat(decide(run, "first", "ben", "maybe").status()).isEqualTo(422);
    assertThat(decide("no-run", "first", "ben", "approve").status()).isEqualTo(404);
    assertThat(decide(run, "first", "ben", "approve").status()).isEqualTo(200);
    Api.Res twice = decide(run, "first", "ben", "approve");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.at("/type").asText()).endsWith("/duplicate-vote");
    Api.Res inbox = api.get("/api/v1/approvals?status=pending", "ben");
    assertThat(inbox.text()).contains(run);
    assertThat(decide(run, "first", "lead", "approve").status()).isEqualTo(200);
    api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "succeeded");
    assertThat(done.at("/status").asText()).isEqualTo("succeeded");
    assertThat(done.at("/approvals/0/votes").size()).isEqualTo(2);
    assertThat(decide(run, "first", "zed", "approve").status()).isEqualTo(409);
    assertThat(api.get("/api/v1/approvals?status=pending", "ben").text()).doesNotContain(run);

    List<AuditEntry> audit =
        new AuditLog(vigil.context().getBean(DataSource.class)).list("default", 200, null).items();
    assertThat(audit)
        .filteredOn(e -> e.target().contains(run))
        .extracting(e -> e.action() + " " + e.actor() + " " + e.outcome())
        .contains(
            "run.start ana success",
            "approval.decide vic denied",
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
            "{\"rollback\": true, \"reason\": \"false positive\"}");
    assertThat(cancel.status()).isEqualTo(202);
    Api.Res done = api.await("/api/v1/runs/" + run, "ana", "/status", "rolled_back");
    assertThat(done.at("/steps/0/status").asText()).isEqualTo("undone");
    assertThat(done.at("/steps/1/status").asText()).isEqualTo("cancelled");
    assertThat(done.at("/error/message").asText()).contains("false positive");
    assertThat(api.post("/api/v1/runs/" + run + "/cancel", "ana", "{}").status()).isEqualTo(409);

    Api.Res rolledBack = api.get("/api/v1/runs?status=rolled_back&playbook=cancel-me", "ana");
    assertThat(rolledBack.at("/items/0/runId").asText()).isEqualTo(run);
    String other = start("cancel-me", "{}");
    Api.Res byAna = api.get("/api/v1/runs?startedBy=ana&limit=1", "ana");
    assertThat(byAna.at("/items/0/runId").asText()).isEqualTo(other);
    Api.Res next =
        api.get(
            "/api/v1/runs?startedBy=ana&limit=1&cursor=" + byAna.at("/nextCursor").asText(), "ana");
    assertThat(next.at("/items/0/runId").asText()).isNotEqualTo(other);
    api.post("/api/v1/runs/" + other + "/cancel", "ana", "{}");
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
    List<String[]> auditor =
        List.<String[]>of(new String[] {"Authorization", "Bearer " + api.token("aud")});
    Api.Res denied = api.get("/api/v1/audit", "ana");
    assertThat(denied.status()).isEqualTo(403);
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
  void approvalChangesStreamToTheTenantsInboxesOnly() throws Exception {
    publish(
        "{\"key\": \"streamed\", \"title\": \"S\", \"steps\": [{\"id\": \"ok\", \"approval\": {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"analyst\"]}}}]}");
    java.util.concurrent.BlockingQueue<String> mine = listen(api.token("ben"));
    java.util.concurrent.BlockingQueue<String> theirs = listen(api.token("globex", "gus"));
    assertThat(mine.poll(10, java.util.concurrent.TimeUnit.SECONDS)).contains("connected");
    assertThat(theirs.poll(10, java.util.concurrent.TimeUnit.SECONDS)).contains("connected");
    String run = start("streamed", "{}");
    String opened = mine.poll(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(opened).contains("approval").contains(run).contains("pending");
    assertThat(decide(run, "ok", "ben", "approve").status()).isEqualTo(200);
    String closed = null;
    for (int i = 0; i < 5 && (closed == null || !closed.contains("approved")); i++) {
      closed = mine.poll(20, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(closed).contains(run).contains("approved");
    assertThat(theirs.poll(1, java.util.concurrent.TimeUnit.SECONDS)).isNull();
  }

  /** Reads the approvals stream as {@code key} on a background thread, one queue item per event. */
  static java.util.concurrent.BlockingQueue<String> listen(String key) {
    return api.listen("/api/v1/approvals/stream", key);
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
                new String[] {"Authorization", "Bearer " + api.token("ana")},
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
    Api.Res r = api.post("/api/v1/playbooks", "eng", def);
    assertThat(r.status()).as(r.text()).isIn(200, 201);
  }

  static String start(String playbook, String inputs) {
    Api.Res r =
        api.post(
            "/api/v1/runs",
            "ana",
            "{\"playbook\": \"" + playbook + "\", \"inputs\": " + inputs + "}");
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    return r.at("/runId").asText();
  }

  static Api.Res decide(String run, String step, String user, String decision) {
    return api.post(
        "/api/v1/runs/" + run + "/approvals/" + step, user, "{\"decision\": \"" + decision + "\"}");
  }

  static List<String> pointers(Api.Res r) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.at("/errors")) {
      out.add(e.path("pointer").asText());
    }
    return out;
  }
}
