package dev.vigil.api.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's request signing, checked against the worked example of Slack's own documentation. */
class SlackSignatureTest {

  // https://api.slack.com/authentication/verifying-requests-from-slack (the example request)
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TIMESTAMP = "1531420618";
  static final byte[] BODY =
      ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
              + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
              + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
              + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
          .getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
  static final Instant THEN = Instant.ofEpochSecond(1531420618);

  @Test
  void theDocumentedExampleSignsAsSlackSays() {
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(30)))
        .isNull();
  }

  @Test
  void aTamperedBodyAnotherSecretOrAnotherTimestampIsRefused() {
    byte[] tampered =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("roadrunner", "coyote")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, tampered, THEN))
        .contains("does not match");
    assertThat(SlackSignature.refusal("another-secret", TIMESTAMP, SIGNATURE, BODY, THEN))
        .contains("does not match");
    assertThat(SlackSignature.refusal(SECRET, "1531420619", SIGNATURE, BODY, THEN))
        .contains("does not match");
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE.toUpperCase(), BODY, THEN))
        .contains("does not match");
  }

  @Test
  void aRequestOlderOrNewerThanFiveMinutesIsRefusedEvenWellSigned() {
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(301)))
        .contains("five minutes");
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.minusSeconds(301)))
        .contains("five minutes");
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, SIGNATURE, BODY, THEN.plusSeconds(300)))
        .isNull();
  }

  @Test
  void missingHeadersAreRefused() {
    assertThat(SlackSignature.refusal(SECRET, null, SIGNATURE, BODY, THEN)).contains("not signed");
    assertThat(SlackSignature.refusal(SECRET, TIMESTAMP, null, BODY, THEN)).contains("not signed");
    assertThat(SlackSignature.refusal(SECRET, "yesterday", SIGNATURE, BODY, THEN))
        .contains("not a number");
  }
}
