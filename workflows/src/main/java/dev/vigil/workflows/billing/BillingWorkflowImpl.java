package dev.vigil.workflows.billing;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link BillingWorkflow}: reconcile on signals, sleep through the grace period's reminders. */
public class BillingWorkflowImpl implements BillingWorkflow {

  /** Reminders before a grace period ends, besides the notice that opens it. */
  static final List<Duration> REMINDERS_BEFORE_END =
      List.of(Duration.ofDays(3), Duration.ofDays(1));

  // Stripe may be down for a while: keep trying (every attempt reads the current state anyway)
  private final BillingActivities activities =
      Workflow.newActivityStub(
          BillingActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .build())
              .build());

  private final List<BillingSignal> pending = new ArrayList<>();
  private BillingState state;

  @Override
  public void run(BillingState initial) {
    state = initial;
    while (true) {
      Instant wake = nextWake();
      if (wake == null) {
        Workflow.await(() -> !pending.isEmpty());
      } else {
        Duration wait = Duration.between(now(), wake);
        if (!wait.isNegative() && !wait.isZero()) {
          Workflow.await(wait, () -> !pending.isEmpty());
        }
      }
      if (!pending.isEmpty()) {
        // a burst of events is one look at Stripe: the state now decides, not each event
        int n = pending.size();
        pending.clear();
        state = with(state, n);
        reconcile();
      } else {
        graceTick();
      }
      if (state.events() >= EVENTS_PER_RUN && pending.isEmpty()) {
        Workflow.continueAsNew(with(state, -state.events()));
      }
    }
  }

  @Override
  public void stripeEvent(BillingSignal event) {
    pending.add(event);
  }

  @Override
  public BillingState state() {
    return state;
  }

  private void reconcile() {
    BillingSubscription sub;
    try {
      sub = activities.fetch(state.tenant());
    } catch (ActivityFailure refused) {
      // Stripe refused for good (a revoked key, a deleted customer): nothing is decided from it;
      // the plan and any grace period stay as they are, and the next event or timer goes on
      Workflow.getLogger(BillingWorkflowImpl.class)
          .warn(
              "tenant {}: Stripe refused the subscription read: {}",
              state.tenant(),
              refused.getCause() == null ? refused.getMessage() : refused.getCause().getMessage());
      return;
    }
    if (sub.paid()) {
      boolean recovered = state.graceUntil() != null || state.downgraded();
      String key = graceKey();
      state = grace(null, null, 0, false);
      activities.apply(
          state.tenant(),
          new BillingDecision(sub.plan(), sub.status(), sub.subscription(), null, "subscription"));
      if (recovered) {
        activities.notify(state.tenant(), "payment-recovered", null, "recovered/" + key);
      }
    } else if (sub.failing()) {
      if (state.downgraded()) {
        activities.apply(
            state.tenant(),
            new BillingDecision(null, "past_due", sub.subscription(), null, "grace-ended"));
      } else if (state.graceUntil() == null) {
        Instant until = now().plus(Duration.ofDays(state.graceDays()));
        state = grace(until.toString(), now().toString(), 0, false);
        activities.apply(
            state.tenant(),
            new BillingDecision(
                sub.plan(), "past_due", sub.subscription(), state.graceUntil(), "grace-started"));
        activities.notify(
            state.tenant(), "grace-started", state.graceUntil(), "grace/" + graceKey());
      } else {
        activities.apply(
            state.tenant(),
            new BillingDecision(
                sub.plan(), "past_due", sub.subscription(), state.graceUntil(), "subscription"));
      }
    } else {
      // no subscription, or it ended (canceled, expired): the fallback plan at once
      state = grace(null, null, 0, false);
      activities.apply(
          state.tenant(), new BillingDecision(null, "canceled", sub.subscription(), null, "ended"));
    }
  }

  private void graceTick() {
    if (state.graceUntil() == null) {
      return;
    }
    Instant until = Instant.parse(state.graceUntil());
    if (!now().isBefore(until)) {
      String key = graceKey();
      state = grace(null, state.graceStarted(), 0, true);
      activities.apply(
          state.tenant(), new BillingDecision(null, "past_due", null, null, "grace-ended"));
      activities.notify(state.tenant(), "downgraded", null, "downgraded/" + key);
      return;
    }
    int sent = state.remindersSent();
    state = grace(state.graceUntil(), state.graceStarted(), sent + 1, false);
    activities.notify(
        state.tenant(),
        "grace-reminder",
        state.graceUntil(),
        "reminder/" + graceKey() + "/" + sent);
  }

  /** The next reminder or the grace period's end; null outside a grace period. */
  private Instant nextWake() {
    if (state.graceUntil() == null) {
      return null;
    }
    Instant until = Instant.parse(state.graceUntil());
    Instant started = Instant.parse(state.graceStarted());
    List<Instant> reminders = new ArrayList<>();
    for (Duration before : REMINDERS_BEFORE_END) {
      Instant at = until.minus(before);
      if (at.isAfter(started)) {
        reminders.add(at);
      }
    }
    return state.remindersSent() < reminders.size() ? reminders.get(state.remindersSent()) : until;
  }

  private String graceKey() {
    return state.graceStarted() == null ? "none" : state.graceStarted();
  }

  private BillingState grace(String until, String started, int reminders, boolean downgraded) {
    return new BillingState(
        state.tenant(), state.graceDays(), until, started, reminders, downgraded, state.events());
  }

  private static BillingState with(BillingState s, int moreEvents) {
    return new BillingState(
        s.tenant(),
        s.graceDays(),
        s.graceUntil(),
        s.graceStarted(),
        s.remindersSent(),
        s.downgraded(),
        s.events() + moreEvents);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
