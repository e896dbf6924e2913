package dev.vigil.playbook.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.playbook.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {

  @Test
  void jsonBytesIsTheLengthOfTheCompactJsonText() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "héllo \"wörld\"\n\u0001 ✓ 😀");
    value.put("n", -1234L);
    value.put("x", 2.5);
    value.put("ok", true);
    value.put("no", false);
    value.put("none", null);
    value.put("list", Arrays.asList(1L, "a", null, List.of(), Map.of()));
    value.put("a/b~c", Map.of("k", List.of(List.of(7L))));
    long expected = Json.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

    assertThat(Limits.jsonBytes(value, Long.MAX_VALUE)).isEqualTo(expected);
    assertThat(Limits.jsonBytes(Json.toNode(value), Long.MAX_VALUE)).isEqualTo(expected);
  }

  @Test
  void measuringStopsSoonAfterTheBoundOnAValueThatRepeatsOneLargeList() {
    List<Object> big = new ArrayList<>(Collections.nCopies(100_000, "xxxxxxxxxx"));
    List<Object> repeated = Collections.nCopies(1_000_000, big); // 10^11 elements deep

    JsonSize size = JsonSize.measure(repeated, Limits.MIB, Long.MAX_VALUE);

    assertThat(size.bytes()).isGreaterThan(Limits.MIB).isLessThan(2L * Limits.MIB);
  }

  @Test
  void stepOutputOverTheLimitFailsNamingTheLimit() {
    String big = "x".repeat(Limits.MAX_STEP_OUTPUT_BYTES);

    assertThatThrownBy(() -> Limits.checkStepOutput(Map.of("body", big)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("step output exceeds 256 KiB")
        .extracting(e -> ((LimitExceededException) e).limit())
        .isEqualTo("MAX_STEP_OUTPUT_BYTES");
    assertThatCode(() -> Limits.checkStepOutput(Map.of("body", "small")))
        .doesNotThrowAnyException();
  }

  @Test
  void runInputsAndStepInputsOverTheLimitFail() {
    String big = "x".repeat(Limits.MAX_RUN_INPUT_BYTES);

    assertThatThrownBy(() -> Limits.checkRunInputs(Map.of("s", big)))
        .hasMessage("run inputs exceed 256 KiB");
    assertThatThrownBy(() -> Limits.checkStepInput(Map.of("s", big)))
        .hasMessage("step input exceeds 256 KiB");
  }

  @Test
  void forEachOverMoreThanTheLoopLimitFails() {
    assertThatThrownBy(() -> Limits.checkLoopItems(1_000_001))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage("forEach over 1000001 items exceeds the limit of 100000 items");
    assertThatCode(() -> Limits.checkLoopItems(Limits.MAX_LOOP_ITEMS)).doesNotThrowAnyException();
  }
}
