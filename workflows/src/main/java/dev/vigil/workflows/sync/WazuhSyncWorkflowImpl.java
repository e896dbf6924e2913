package dev.vigil.workflows.sync;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;

/** The sync loop; see {@link WazuhSyncWorkflow}. */
public class WazuhSyncWorkflowImpl implements WazuhSyncWorkflow {

  private static final Logger log = Workflow.getLogger(WazuhSyncWorkflowImpl.class);

  /** Rounds before continuing as new (each round is at most a few activities). */
  static final int ROUNDS = 200;

  /** Alert pages one activity call reads; more are read at once while the sync is behind. */
  static final int ALERT_PAGES = 20;

  /** Calls of the alert pass per round while catching up, so other parts get their turn. */
  static final int CATCH_UP_CALLS = 10;

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  static final String[] PARTS = {"agents", "sca", "alerts"};

  private final WazuhSyncActivities activities =
      Workflow.newActivityStub(
          WazuhSyncActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setHeartbeatTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setMaximumAttempts(3)
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setBackoffCoefficient(2)
                      // a wrong password or TLS trust does not heal by retrying: the round ends
                      // and the backoff of the part applies
                      .setDoNotRetry(
                          "WazuhAuthFailed",
                          "WazuhForbidden",
                          "WazuhTlsFailed",
                          "ConnectionNotFound",
                          "ConnectionUnusable")
                      .build())
              .build());

  private boolean paused;
  private boolean now;
  private boolean stopped;
  private long[] next;
  private int[] failures;
  private final String[] lastError = new String[PARTS.length];

  @Override
  public void run(WazuhSyncState state) {
    paused = state.paused();
    next =
        state.next() == null ? new long[PARTS.length] : Arrays.copyOf(state.next(), PARTS.length);
    failures =
        state.failures() == null
            ? new int[PARTS.length]
            : Arrays.copyOf(state.failures(), PARTS.length);
    long[] every = {state.agentsEvery(), state.scaEvery(), state.alertsEvery()};
    for (int round = 0; round < ROUNDS && !stopped; round++) {
      if (now) {
        now = false;
        Arrays.fill(next, 0);
        Arrays.fill(failures, 0);
      }
      if (!paused) {
        for (int p = 0; p < PARTS.length && !stopped && !paused; p++) {
          if (Workflow.currentTimeMillis() >= next[p]) {
            pass(state, p, every[p]);
          }
        }
      }
      long wait = Long.MAX_VALUE;
      for (long n : next) {
        wait = Math.min(wait, n - Workflow.currentTimeMillis());
      }
      Duration sleep = paused ? Duration.ofDays(1) : Duration.ofMillis(Math.max(1000, wait));
      boolean wasPaused = paused;
      Workflow.await(sleep, () -> now || stopped || paused != wasPaused);
    }
    if (!stopped) {
      Workflow.continueAsNew(
          new WazuhSyncState(
              state.tenant(),
              state.connection(),
              state.agentsEvery(),
              state.scaEvery(),
              state.alertsEvery(),
              paused,
              next,
              failures));
    }
  }

  /** Runs one part; schedules it after its interval, or after its backoff when it failed. */
  private void pass(WazuhSyncState s, int p, long everySeconds) {
    try {
      switch (p) {
        case 0 -> activities.agents(s.tenant(), s.connection());
        case 1 -> activities.sca(s.tenant(), s.connection());
        default -> {
          SyncPass r = activities.alerts(s.tenant(), s.connection(), ALERT_PAGES);
          for (int i = 1; r.more() && i < CATCH_UP_CALLS && !stopped && !paused; i++) {
            r = activities.alerts(s.tenant(), s.connection(), ALERT_PAGES);
          }
          if (r.more()) {
            // still behind: come back at once, after the other parts had their turn
            failures[p] = 0;
            lastError[p] = null;
            next[p] = Workflow.currentTimeMillis();
            return;
          }
        }
      }
      failures[p] = 0;
      lastError[p] = null;
      next[p] = Workflow.currentTimeMillis() + everySeconds * 1000;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof io.temporal.failure.ApplicationFailure af
          && "ConnectionNotFound".equals(af.getType())) {
        log.info("connection {}/{} is gone: its sync ends", s.tenant(), s.connection());
        stopped = true;
        return;
      }
      failures[p]++;
      lastError[p] = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures[p] - 1, 10));
      if (backoff.compareTo(MAX_BACKOFF) > 0) {
        backoff = MAX_BACKOFF;
      }
      log.info(
          "{} sync of {}/{} failed {} time(s); next try in {}",
          PARTS[p],
          s.tenant(),
          s.connection(),
          failures[p],
          backoff);
      next[p] = Workflow.currentTimeMillis() + backoff.toMillis();
    }
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void syncNow() {
    now = true;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public WazuhSyncStatus status() {
    List<WazuhSyncStatus.Part> parts = new ArrayList<>();
    for (int p = 0; p < PARTS.length; p++) {
      parts.add(
          new WazuhSyncStatus.Part(
              PARTS[p],
              next == null ? 0 : next[p],
              failures == null ? 0 : failures[p],
              lastError[p]));
    }
    return new WazuhSyncStatus(paused, parts);
  }
}
