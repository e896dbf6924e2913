package dev.vigil.workflows.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.workflows.system.RecordedHistories;
import dev.vigil.workflows.system.TaskQueues;
import dev.vigil.workflows.system.WorkflowTypes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tenant's billing on the time-skipping test service, Stripe scripted as the subscription it
 * would answer: a failed payment opens a 7-day grace period with reminders and ends in a downgrade;
 * a paid invoice during the grace period cancels it; events out of order or twice decide from the
 * subscription's state; Stripe down is retried. Recorded histories must replay.
 */
// a stuck time-skipping sleep fails this class instead of holding the build
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class BillingWorkflowTest {

  static final Path DIR = Path.of("src/test/resources/histories-billing");

  static final Instant T0 = Instant.parse("2027-01-10T09:00:00Z");

  /** Stripe as a subscription whose status the test sets; what the workflow wrote and sent. */
  static final class ScriptedBilling implements BillingActivities {
    final AtomicReference<BillingSubscription> stripe = new AtomicReference<>();
    final AtomicInteger failFetches = new AtomicInteger();
    volatile boolean refuse;
    final List<Instant> fetches = new CopyOnWriteArrayList<>();
    final List<BillingDecision> applied = new CopyOnWriteArrayList<>();
    final List<String> notices = new CopyOnWriteArrayList<>();
    volatile java.util.function.LongSupplier clock = System::currentTimeMillis;

    @Override
    public BillingSubscription fetch(String tenant) {
      if (failFetches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("Stripe answered 503");
      }
      fetches.add(Instant.ofEpochMilli(clock.getAsLong()));
      if (refuse) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
            "reading the subscription was refused by Stripe", BillingActivities.REFUSED);
      }
      return stripe.get();
    }

    @Override
    public void apply(String tenant, BillingDecision decision) {
      applied.add(decision);
    }

    @Override
    public void notify(String tenant, String kind, String graceUntil, String key) {
      notices.add(kind + "@" + Instant.ofEpochMilli(clock.getAsLong()));
    }

    BillingDecision last() {
      return applied.get(applied.size() - 1);
    }
  }

  static final ScriptedBilling stripe = new ScriptedBilling();

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WorkflowTypes.on(TaskQueues.BILLING))
          .setActivityImplementations(stripe)
          .setInitialTime(T0)
          .build();

  @BeforeEach
  void reset(TestWorkflowEnvironment env) {
    stripe.stripe.set(new BillingSubscription("active", "pro", "sub_1"));
    stripe.failFetches.set(0);
    stripe.refuse = false;
    stripe.fetches.clear();
    stripe.applied.clear();
    stripe.notices.clear();
    stripe.clock = env::currentTimeMillis;
  }

  static BillingWorkflow start(WorkflowClient client, Worker worker, String tenant) {
    BillingWorkflow wf =
        client.newWorkflowStub(
            BillingWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(BillingWorkflow.id(tenant))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::run, BillingState.start(tenant, 7));
    return wf;
  }

  static void await(java.util.function.BooleanSupplier c) {
    RecordedHistories.await(c);
  }

  static Instant now(TestWorkflowEnvironment env) {
    return Instant.ofEpochMilli(env.currentTimeMillis());
  }

  @Test
  void aFailedPaymentGetsSevenDaysWithRemindersThenTheTenantIsDowngraded(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    BillingWorkflow wf = start(client, worker, "acme");
    wf.stripeEvent(new BillingSignal("evt_1", "checkout.session.completed"));
    await(() -> stripe.applied.size() == 1);
    assertThat(stripe.last())
        .isEqualTo(new BillingDecision("pro", "active", "sub_1", null, "subscription"));

    stripe.stripe.set(new BillingSubscription("past_due", "pro", "sub_1"));
    Instant failedAt = now(env);
    wf.stripeEvent(new BillingSignal("evt_2", "invoice.payment_failed"));
    await(() -> stripe.applied.size() == 2 && stripe.notices.size() == 1);
    Instant until = failedAt.plus(Duration.ofDays(7));
    assertThat(stripe.last().plan()).isEqualTo("pro"); // kept during the grace period
    assertThat(stripe.last().status()).isEqualTo("past_due");
    assertThat(Instant.parse(stripe.last().graceUntil())).isBetween(until, until.plusSeconds(5));
    assertThat(wf.state().graceUntil()).isEqualTo(stripe.last().graceUntil());

    // day 4 and day 6: a reminder each; nothing changes the plan yet
    env.sleep(Duration.ofDays(4).plusMinutes(1));
    await(() -> stripe.notices.size() == 2);
    env.sleep(Duration.ofDays(2));
    await(() -> stripe.notices.size() == 3);
    assertThat(stripe.applied).hasSize(2);

    env.sleep(Duration.ofDays(1));
    await(() -> stripe.notices.size() == 4);
    assertThat(stripe.notices)
        .extracting(n -> n.substring(0, n.indexOf('@')))
        .containsExactly("grace-started", "grace-reminder", "grace-reminder", "downgraded");
    assertThat(stripe.last())
        .isEqualTo(new BillingDecision(null, "past_due", null, null, "grace-ended"));
    assertThat(
            Instant.parse(stripe.notices.get(3).substring(stripe.notices.get(3).indexOf('@') + 1)))
        .isBetween(until, until.plus(Duration.ofMinutes(2)));
    assertThat(wf.state().downgraded()).isTrue();

    // Stripe still retrying the invoice: another failure event keeps the fallback plan
    wf.stripeEvent(new BillingSignal("evt_3", "invoice.payment_failed"));
    await(() -> stripe.applied.size() == 4);
    assertThat(stripe.last().plan()).isNull();
    assertThat(stripe.notices).hasSize(4);

    // paid at last: the plan is back
    stripe.stripe.set(new BillingSubscription("active", "pro", "sub_1"));
    wf.stripeEvent(new BillingSignal("evt_4", "invoice.paid"));
    await(() -> stripe.applied.size() == 5 && stripe.notices.size() == 5);
    assertThat(stripe.last())
        .isEqualTo(new BillingDecision("pro", "active", "sub_1", null, "subscription"));
    assertThat(stripe.notices).last().asString().startsWith("payment-recovered");
    assertThat(wf.state().downgraded()).isFalse();
    if (Boolean.getBoolean("vigil.recordHistories")) {
      RecordedHistories.save(
          client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "grace-downgrade-recovered");
    }
  }

  @Test
  void anInvoicePaidDuringTheGracePeriodCancelsTheDowngrade(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws IOException {
    BillingWorkflow wf = start(client, worker, "globex");
    stripe.stripe.set(new BillingSubscription("past_due", "basic", "sub_2"));
    wf.stripeEvent(new BillingSignal("evt_10", "invoice.payment_failed"));
    await(() -> stripe.notices.size() == 1);
    env.sleep(Duration.ofDays(2));
    stripe.stripe.set(new BillingSubscription("active", "basic", "sub_2"));
    wf.stripeEvent(new BillingSignal("evt_11", "invoice.paid"));
    await(() -> stripe.notices.size() == 2);
    assertThat(stripe.last())
        .isEqualTo(new BillingDecision("basic", "active", "sub_2", null, "subscription"));
    assertThat(wf.state().graceUntil()).isNull();
    env.sleep(Duration.ofDays(10));
    assertThat(stripe.notices)
        .extracting(n -> n.substring(0, n.indexOf('@')))
        .containsExactly("grace-started", "payment-recovered");
    assertThat(stripe.applied).noneMatch(d -> "grace-ended".equals(d.reason()));
    if (Boolean.getBoolean("vigil.recordHistories")) {
      RecordedHistories.save(
          client, WorkflowStub.fromTyped(wf).getExecution(), DIR, "grace-cancelled-by-payment");
    }
  }

  @Test
  void eventsOutOfOrderOrTwiceDecideFromTheSubscriptionNow(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    BillingWorkflow wf = start(client, worker, "initech");
    // Stripe says active; a stale payment_failed event arrives after the invoice.paid one
    wf.stripeEvent(new BillingSignal("evt_21", "invoice.paid"));
    await(() -> stripe.applied.size() == 1);
    wf.stripeEvent(new BillingSignal("evt_20", "invoice.payment_failed"));
    wf.stripeEvent(new BillingSignal("evt_20", "invoice.payment_failed"));
    await(() -> stripe.fetches.size() >= 2 && stripe.applied.size() >= 2);
    assertThat(stripe.applied).allMatch(d -> d.status().equals("active") && d.plan().equals("pro"));
    assertThat(stripe.notices).isEmpty();
    assertThat(wf.state().graceUntil()).isNull();

    // the subscription deleted: the fallback plan at once, no grace period
    stripe.stripe.set(new BillingSubscription("canceled", "pro", "sub_1"));
    wf.stripeEvent(new BillingSignal("evt_22", "customer.subscription.deleted"));
    await(() -> stripe.last().status().equals("canceled"));
    assertThat(stripe.last())
        .isEqualTo(new BillingDecision(null, "canceled", "sub_1", null, "ended"));
  }

  @Test
  void stripeDownIsRetriedUntilItAnswers(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    BillingWorkflow wf = start(client, worker, "hooli");
    stripe.failFetches.set(3);
    wf.stripeEvent(new BillingSignal("evt_30", "customer.subscription.updated"));
    env.sleep(Duration.ofMinutes(5));
    await(() -> stripe.applied.size() == 1);
    assertThat(stripe.failFetches.get()).isZero();
    assertThat(stripe.last().plan()).isEqualTo("pro");
  }

  @Test
  void stripeRefusingChangesNothingAndTheGracePeriodStillEnds(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    BillingWorkflow wf = start(client, worker, "initech");
    stripe.stripe.set(new BillingSubscription("past_due", "pro", "sub_7"));
    wf.stripeEvent(new BillingSignal("evt_40", "invoice.payment_failed"));
    await(() -> stripe.notices.size() == 1);
    int applied = stripe.applied.size();
    stripe.refuse = true; // the key was revoked, say
    wf.stripeEvent(new BillingSignal("evt_41", "customer.subscription.updated"));
    await(() -> stripe.fetches.size() == 2);
    assertThat(wf.state().graceUntil()).as("nothing decided from a refusal").isNotNull();
    assertThat(stripe.applied).hasSize(applied);
    env.sleep(Duration.ofDays(8));
    await(() -> stripe.notices.stream().anyMatch(n -> n.startsWith("downgraded")));
    assertThat(stripe.last().plan()).as("the timer still ran: free").isNull();
  }

  @Test
  void itContinuesAsNewAndKeepsItsGracePeriod(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    BillingWorkflow wf = start(client, worker, "umbrella");
    stripe.stripe.set(new BillingSubscription("past_due", "pro", "sub_9"));
    wf.stripeEvent(new BillingSignal("evt_0", "invoice.payment_failed"));
    await(() -> stripe.notices.size() == 1);
    String until = wf.state().graceUntil();
    // all but the last event of the run, taken; then the one that makes it continue as new — with
    // no signal in flight then (the test server mishandles a signal racing a continue-as-new)
    int last = BillingWorkflow.EVENTS_PER_RUN - 1;
    for (int i = 1; i < last; i++) {
      wf.stripeEvent(new BillingSignal("evt_" + i, "customer.subscription.updated"));
    }
    await(() -> wf.state().events() == last);
    wf.stripeEvent(new BillingSignal("evt_" + last, "customer.subscription.updated"));
    await(() -> wf.state().events() == 0);
    assertThat(stripe.fetches.size()).isGreaterThan(2);
    assertThat(wf.state().graceUntil()).isEqualTo(until);
    env.sleep(Duration.ofDays(8));
    await(() -> stripe.notices.stream().anyMatch(n -> n.startsWith("downgraded")));
  }

  static Stream<Path> histories() throws IOException {
    return RecordedHistories.in(DIR, "grace-downgrade-recovered", "grace-cancelled-by-payment");
  }

  @ParameterizedTest
  @MethodSource("histories")
  void replaysRecordedHistory(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)), BillingWorkflowImpl.class);
  }
}
