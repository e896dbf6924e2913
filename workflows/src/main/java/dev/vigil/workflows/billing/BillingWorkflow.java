package dev.vigil.workflows.billing;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One tenant's billing, durable: Stripe's webhooks signal it ({@link #stripeEvent}), and on each
 * burst of signals it reads the tenant's subscription as Stripe has it <em>now</em> and decides
 * from that — never from the events' order, so events that arrive late or twice change nothing. A
 * failing payment ({@code past_due}, {@code unpaid}) starts a grace period ({@link
 * BillingState#graceDays}) during which the tenant keeps its plan and is reminded through its
 * notification routes (when it starts, three days and one day before it ends); a paid invoice ends
 * it; at its end the tenant is moved to the fallback plan ({@code free}). A subscription that ended
 * moves it there at once. It survives restarts and continues as new every {@link #EVENTS_PER_RUN}
 * signals. Workflow id {@code billing/{tenant}}, task queue {@code billing}.
 */
@WorkflowInterface
public interface BillingWorkflow {

  /** Signals one execution takes before it continues as new. */
  int EVENTS_PER_RUN = 200;

  static String id(String tenant) {
    return "billing/" + tenant;
  }

  /** Runs for as long as the tenant exists; {@code state} is carried across continue-as-new. */
  @WorkflowMethod
  void run(BillingState state);

  /** A verified Stripe webhook event about this tenant (its id and type; no payload). */
  @SignalMethod
  void stripeEvent(BillingSignal event);

  /** What the workflow knows now: the grace period, whether it downgraded the tenant. */
  @QueryMethod
  BillingState state();
}
