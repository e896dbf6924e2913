package dev.vigil.workflows.playbook;

import dev.vigil.workflows.action.ActionActivities;
import dev.vigil.workflows.action.ActionRequest;
import dev.vigil.workflows.action.ActionResult;
import dev.vigil.workflows.system.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in for the action activities at the Temporal boundary (the real ones live in the activities
 * module, which depends on this one). It records every call and side effect and follows
 * instructions in {@code with}: {@code sleepMs}, {@code failTimes} (fail the first n attempts),
 * {@code failType} (always fail with that type), {@code gated: true} (wait until the test opens
 * {@link #gate}); {@code http.request} to a URL containing {@code /fail-client} fails with {@code
 * HttpClientError} like the real one.
 */
final class ScriptedActions implements ActionActivities {

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<String> sideEffects = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  /** Calls with {@code gated: true} wait for this; {@link #held} counts those waiting. */
  volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

  final AtomicInteger held = new AtomicInteger();

  void reset() {
    calls.clear();
    sideEffects.clear();
    inFlight.set(0);
    maxInFlight.set(0);
    held.set(0);
    gate = new java.util.concurrent.CountDownLatch(0);
  }

  @Override
  public ActionResult execute(ActionRequest r) {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    calls.add(r.stepId() + ":" + r.action());
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Map<String, Object> with = r.with() == null ? Map.of() : r.with();
      if (Boolean.TRUE.equals(with.get("gated"))) {
        held.incrementAndGet();
        gate.await();
      }
      if (with.get("sleepMs") instanceof Number ms) {
        Thread.sleep(ms.longValue());
      }
      if (with.get("failTimes") instanceof Number n && attempt <= n.intValue()) {
        throw ApplicationFailure.newFailure("flaky attempt " + attempt, "Flaky", attempt);
      }
      if (with.get("failType") instanceof String type) {
        throw ApplicationFailure.newFailure("failing with " + type, type, attempt);
      }
      switch (r.action()) {
        case "http.request" -> {
          String url = String.valueOf(with.get("url"));
          if (url.contains("/fail-client")) {
            throw ApplicationFailure.newFailure(
                "HTTP 400 from " + url + ": bad", FailureTypes.HTTP_CLIENT_ERROR, attempt);
          }
          sideEffects.add(with.getOrDefault("method", "GET") + " " + url);
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("status", 200);
          out.put("body", with.get("json"));
          return new ActionResult(out, attempt);
        }
        case "core.log" -> {
          return new ActionResult(
              Map.of("logged", true, "message", String.valueOf(with.get("message"))), attempt);
        }
        default -> {
          return new ActionResult(with, attempt);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "Interrupted");
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
