package dev.vigil.api.billing;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.store.billing.Plans;
import dev.vigil.store.billing.Plans.Plan;
import dev.vigil.store.billing.TenantBilling;
import dev.vigil.store.billing.TenantPlans;
import dev.vigil.store.billing.UsageCounters;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What each tenant's plan allows, how much of it the tenant uses ({@code GET
 * /api/v1/entitlements}), and the checks where the work happens: over a limit, or outside the
 * plan's modules, the request is refused with a 402 problem naming the limit, the usage and the
 * plan that lifts it. The plan is read at every check, so an upgrade applies at once.
 */
@Service
public class Entitlements {

  /**
   * The entitlements as the API shows them; a limit of null is unlimited.
   *
   * @param plans the installation's plans in its plans file's order (what the Billing screen
   *     offers, and which plan unlocks a locked module)
   */
  public record View(
      String plan,
      String title,
      String status,
      boolean billing,
      Map<String, Long> limits,
      List<String> modules,
      Map<String, Long> usage,
      Instant graceUntil,
      List<PlanView> plans) {}

  /** One plan as offered: {@code sold} when it can be bought through Stripe Checkout. */
  public record PlanView(
      String name, String title, boolean sold, Map<String, Long> limits, List<String> modules) {

    static PlanView of(Plan p) {
      return new PlanView(
          p.name(), p.title(), p.stripePriceId() != null, limitsOf(p), List.copyOf(p.modules()));
    }
  }

  private static Map<String, Long> limitsOf(Plan plan) {
    Map<String, Long> limits = new LinkedHashMap<>();
    for (String l : Plans.LIMITS) {
      limits.put(l, plan.limit(l).orElse(null));
    }
    return limits;
  }

  private final TenantPlans plans;
  private final UsageCounters usage;
  private final Clock clock = Clock.systemUTC();

  public Entitlements(TenantPlans plans, DataSource dataSource) {
    this.plans = plans;
    this.usage = new UsageCounters(dataSource);
  }

  /** The tenant's plan now. */
  public Plan plan(String tenant) {
    return plans.plan(tenant);
  }

  public View view(Actor actor) {
    var state = plans.billing().get(actor.tenant());
    Plan plan = plan(actor.tenant());
    return new View(
        plan.name(),
        plan.title(),
        state.map(TenantBilling.State::status).orElse("active"),
        plans.billed(),
        limitsOf(plan),
        List.copyOf(plan.modules()),
        usage.usage(actor.tenant(), clock.instant()),
        state.map(TenantBilling.State::graceUntil).orElse(null),
        plans.plans().all().values().stream().map(PlanView::of).toList());
  }

  /**
   * Refuses (402) unless the tenant's plan allows {@code adding} more of {@code limit} on top of
   * what it uses now: at the limit is allowed, one over is not.
   */
  public void require(String tenant, String limit, long adding) {
    require(tenant, Map.of(limit, adding));
  }

  /** {@link #require} for several limits at once (one usage read): each {@code limit → adding}. */
  public void require(String tenant, Map<String, Long> adding) {
    Plan plan = plan(tenant);
    if (adding.keySet().stream().allMatch(l -> plan.limit(l).isEmpty())) {
      return;
    }
    Map<String, Long> used = usage.usage(tenant, clock.instant());
    adding.forEach((limit, n) -> requireWithin(tenant, plan, limit, used.get(limit), n));
  }

  /** The plan's maximum for {@code limit}, null when unlimited. */
  public Long max(String tenant, String limit) {
    return plan(tenant).limit(limit).orElse(null);
  }

  /**
   * The 402 for a limit a store transaction found reached ({@link UsageCounters#requireWithin}).
   */
  public ApiException reached(String tenant, String limit, UsageCounters.LimitReached e) {
    Plan plan = plan(tenant);
    long max = plan.limit(limit).orElse(Long.MAX_VALUE);
    return overLimit(plan, limit, max, e.used, e.used + e.adding, null);
  }

  /**
   * Refuses (402) a value the plan does not allow for a limit that is a setting (the event
   * retention days).
   */
  public void requireSetting(String tenant, String limit, long value, String pointer) {
    Plan plan = plan(tenant);
    Long max = plan.limit(limit).orElse(null);
    if (max != null && value > max) {
      throw overLimit(plan, limit, max, value, value, pointer);
    }
  }

  private void requireWithin(String tenant, Plan plan, String limit, long used, long adding) {
    Long max = plan.limit(limit).orElse(null);
    if (max != null && used + adding > max) {
      throw overLimit(plan, limit, max, used, used + adding, null);
    }
  }

  private ApiException overLimit(
      Plan plan, String limit, long max, long used, long needed, String pointer) {
    var lifting = plans.plans().lifting(plan.name(), limit, needed, plans.billed());
    String detail =
        plan.exceeded(limit, used)
            + lifting.map(p -> "; the " + p.title() + " plan allows more").orElse("");
    var errors =
        pointer == null
            ? List.<ApiException.FieldError>of()
            : List.of(new ApiException.FieldError(pointer, detail, null));
    return new ApiException(HttpStatus.PAYMENT_REQUIRED, "plan-limit", detail, errors)
        .with("limit", limit)
        .with("max", max)
        .with("usage", used)
        .with("plan", plan.name())
        .with("upgradeTo", lifting.map(Plan::name).orElse(null));
  }

  /** Refuses (402) unless the tenant's plan enables {@code module}. */
  public void requireModule(String tenant, String module) {
    Plan plan = plan(tenant);
    if (plan.enables(module)) {
      return;
    }
    var enabling = plans.plans().enabling(plan.name(), module, plans.billed());
    throw new ApiException(
            HttpStatus.PAYMENT_REQUIRED,
            "plan-module",
            plan.lacks(module) + enabling.map(p -> "; the " + p.title() + " plan does").orElse(""),
            null)
        .with("module", module)
        .with("plan", plan.name())
        .with("upgradeTo", enabling.map(Plan::name).orElse(null));
  }
}
