package dev.vigil.api.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  @ParameterizedTest
  @CsvSource({
    "short1!,at least 12 characters",
    "P@ssw0rd2024!,too common",
    "Password123456,too common",
    "correcthorsebatterystaple,too common",
    "Letmein!Letmein!,too common",
    "qwertyuiop123,too common",
    "aaaaaaaaaaaaaaa,too predictable",
    "abcabcabcabcabc,too predictable",
    "abcdefghijklmn,too predictable",
    "1234567890123,too predictable",
    "ana-smith-2026-x,must not contain the username",
  })
  void refuses(String password, String reason) {
    assertThat(PasswordPolicy.problem(password, "ana-smith")).get().asString().contains(reason);
  }

  @Test
  void refusesPasswordsLongerThanBcryptReads() {
    assertThat(PasswordPolicy.problem("é".repeat(37), "ana")).get().asString().contains("72 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tulip-Granite-orbit-42", "Mondays are for 3 coffees", "vXq8-Lm2p-Rt7w"})
  void acceptsLongUncommonPasswords(String password) {
    assertThat(PasswordPolicy.problem(password, "ana-smith")).isEmpty();
  }
}
