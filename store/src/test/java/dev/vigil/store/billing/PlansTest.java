package dev.vigil.store.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.store.billing.Plans.Plan;
import dev.vigil.store.billing.Plans.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlansTest {

  static Plans.Invalid refused(String json) {
    try {
      Plans.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    } catch (Plans.Invalid e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void theBundledPlansRiseFromFreeToProAndTheSelfHostedPlanLimitsNothing() {
    Plans plans = Plans.bundled();
    assertThat(plans.all()).containsOnlyKeys("free", "basic", "pro", "unlimited");
    Plan free = plans.get("free").orElseThrow();
    Plan basic = plans.get("basic").orElseThrow();
    Plan pro = plans.get("pro").orElseThrow();
    for (String limit : Plans.LIMITS) {
      long f = free.limit(limit).orElseThrow();
      long b = basic.limit(limit).orElseThrow();
      long p = pro.limit(limit).orElseThrow();
      assertThat(f).as(limit).isLessThanOrEqualTo(b);
      assertThat(b).as(limit).isLessThanOrEqualTo(p);
    }
    assertThat(free.stripePriceId()).isNull();
    assertThat(basic.stripePriceId()).isNotBlank();
    assertThat(free.enables("ai")).isFalse();
    assertThat(pro.modules()).containsExactlyInAnyOrderElementsOf(Plans.MODULES);
    Plan unlimited = plans.get("unlimited").orElseThrow();
    assertThat(Plans.LIMITS).allSatisfy(l -> assertThat(unlimited.limit(l)).as(l).isEmpty());
    assertThat(unlimited.modules()).containsExactlyInAnyOrderElementsOf(Plans.MODULES);
  }

  @Test
  void aPlansFileIsReadFromDiskAndNullMeansUnlimited(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("plans.json");
    Files.writeString(
        f,
        "{\"plans\": {\"team\": {\"title\": \"Team\", \"stripePriceId\": \"price_123\","
            + " \"limits\": {\"members\": 25, \"eventsPerDay\": null}, \"modules\": [\"scans\"]}}}");
    Plan team = Plans.load(f).get("team").orElseThrow();
    assertThat(team.limit("members")).contains(25L);
    assertThat(team.limit("eventsPerDay")).isEmpty();
    assertThat(team.limit("runsPerMonth")).isEmpty();
    assertThat(team.enables("scans")).isTrue();
    assertThat(team.enables("wazuh")).isFalse();
  }

  @Test
  void everyProblemOfABadFileIsNamedAtItsPointer() {
    Plans.Invalid e =
        refused(
            "{\"plans\": {\"Gold Plan\": {\"modules\": []}, \"basic\": {\"limits\": {\"members\":"
                + " -1, \"seats\": 5, \"runsPerMonth\": 1.5}, \"modules\": [\"scans\", \"siem\"],"
                + " \"stripePriceId\": 7, \"colour\": \"blue\"}}, \"version\": 2}");
    assertThat(e.problems)
        .extracting(Problem::pointer)
        .containsExactlyInAnyOrder(
            "/plans/Gold Plan",
            "/plans/basic/colour",
            "/plans/basic/stripePriceId",
            "/plans/basic/limits/members",
            "/plans/basic/limits/seats",
            "/plans/basic/limits/runsPerMonth",
            "/plans/basic/modules/1",
            "/version");
    assertThat(e.getMessage()).contains("test.json").contains("unknown module 'siem'");
    assertThat(refused("[]").problems).extracting(Problem::pointer).containsExactly("/plans");
    assertThat(refused("{\"plans\": {").problems.get(0).message()).startsWith("is not JSON");
    assertThat(refused("{\"plans\": {\"x\": {\"limits\": {}}}}").problems)
        .extracting(Problem::pointer)
        .containsExactly("/plans/x/modules");
  }

  @Test
  void aFileThatCannotBeReadIsRefusedWithItsName(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> Plans.load(missing))
        .isInstanceOf(Plans.Invalid.class)
        .hasMessageContaining("nope.json")
        .hasMessageContaining("cannot be read");
  }
}
