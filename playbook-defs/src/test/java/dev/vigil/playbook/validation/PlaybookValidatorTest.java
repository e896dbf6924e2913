package dev.vigil.playbook.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages and hints a user reads. */
class PlaybookValidatorTest {

  final PlaybookValidator validator = new PlaybookValidator();

  private List<Finding> findings(String json) {
    return validator.validate(json).findings();
  }

  @Test
  void unknownActionSuggestsTheClosestCatalogEntry() {
    Finding f =
        findings(
                "{\"key\": \"kk\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"http.requets\", \"with\": {}}]}")
            .get(0);
    assertThat(f.pointer()).isEqualTo("/steps/0/action");
    assertThat(f.message()).isEqualTo("unknown action 'http.requets'");
    assertThat(f.hint()).isEqualTo("did you mean http.request?");
  }

  @Test
  void withIsCheckedAgainstTheActionSchemaButTemplatesAreNotTypeChecked() {
    List<Finding> f =
        findings(
            """
            {"key": "kk", "title": "t", "steps": [
              {"id": "a", "action": "http.request", "with": {"url": "${{ inputs.url }}", "method": "${{ inputs.m }}", "timeout": 5}}]}
            """);
    assertThat(f).extracting(Finding::pointer).containsExactly("/steps/0/with/timeout");
    assertThat(f.get(0).hint()).isEqualTo("see the input schema of http.request");
  }

  @Test
  void expressionErrorsNameTheContextsInScope() {
    Finding f =
        findings(
                """
            {"key": "kk", "title": "t", "steps": [
              {"id": "l", "forEach": "${{ [1] }}", "as": "host", "do": [
                {"id": "a", "action": "core.echo", "with": {"v": "${{ hots }}"}}]}]}
            """)
            .get(0);
    assertThat(f.pointer()).isEqualTo("/steps/0/do/0/with/v");
    assertThat(f.message()).contains("undeclared reference to 'hots'");
    assertThat(f.hint()).endsWith("here also host, index");
  }

  @Test
  void findingsFormatAsTheCliPrintsThem() {
    Finding f = Finding.error("/steps/0/id", "duplicate step id 'a'", "ids must be unique");
    assertThat(f.format())
        .isEqualTo("/steps/0/id: error: duplicate step id 'a' (ids must be unique)");
  }

  @Test
  void validReportCarriesTheParsedModel() {
    ValidationReport r =
        validator.validate(
            "{\"key\": \"kk\", \"title\": \"t\", \"steps\": [{\"id\": \"a\", \"action\": \"core.log\", \"with\": {\"message\": \"x\"}}]}");
    assertThat(r.valid()).isTrue();
    assertThat(r.playbook().steps())
        .singleElement()
        .satisfies(s -> assertThat(s.pointer()).isEqualTo("/steps/0"));
  }

  @Test
  void approverRolesMustBeRolesThatCanDecide() {
    Finding f =
        findings(
                """
            {"key": "kk", "title": "t", "steps": [
              {"id": "ok", "approval": {"prompt": "go?", "approvers": {"roles": ["analyst", "soc-lead"]}}}]}
            """)
            .get(0);
    assertThat(f.pointer()).isEqualTo("/steps/0/approval/approvers/roles/1");
    assertThat(f.message())
        .isEqualTo(
            "no member can decide as 'soc-lead': the roles that decide approvals are owner, admin, analyst");
    assertThat(
            findings(
                    "{\"key\": \"kk\", \"title\": \"t\", \"steps\": [{\"id\": \"ok\", \"approval\": {\"prompt\": \"go?\", \"approvers\": {\"roles\": [\"analysts\"]}}}]}")
                .get(0)
                .hint())
        .isEqualTo("did you mean analyst?");
  }

  @Test
  void aStepTimeoutOnAnApprovalIsRefusedInsteadOfIgnored() {
    Finding f =
        findings(
                """
            {"key": "kk", "title": "t", "steps": [
              {"id": "ok", "timeout": "1h", "approval": {"prompt": "go?", "approvers": {"roles": ["analyst"]}}}]}
            """)
            .get(0);
    assertThat(f.pointer()).isEqualTo("/steps/0/timeout");
    assertThat(f.hint()).isEqualTo("move it to approval.timeout (with approval.onTimeout)");
  }

  @Test
  void readingALoopBodyStepAfterTheLoopSaysItStaysPending() {
    Finding f =
        findings(
                """
            {"key": "kk", "title": "t", "steps": [
              {"id": "l", "forEach": "${{ [1, 2] }}", "do": [{"id": "a", "action": "core.echo", "with": {}}]},
              {"id": "b", "action": "core.echo", "with": {"v": "${{ steps.a.output }}"}}]}
            """)
            .get(0);
    assertThat(f.message())
        .contains("outside the loop it stays pending")
        .contains("read l's output");
  }
}
