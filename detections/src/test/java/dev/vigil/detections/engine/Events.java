package dev.vigil.detections.engine;

import dev.vigil.detections.event.Event;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Canonical events for engine tests. */
final class Events {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private Events() {}

  static Event login(String outcome, String user, String ip, Instant time, Instant ingestedAt) {
    return new Event(
        String.format("e%06d", SEQ.incrementAndGet()),
        "acme",
        time,
        ingestedAt,
        new Event.Source("syslog-sshd", "web-1", null),
        "auth",
        "authentication",
        "logon",
        outcome,
        outcome.equals("failure") ? 3 : 1,
        outcome + " login for " + user,
        Event.Actor.user(user, null),
        new Event.Endpoint(ip, 40000, null),
        new Event.Endpoint(null, 22, "web-1"),
        Event.Target.asset("web-1"),
        Map.of("method", "password"),
        "raw");
  }

  static Event login(String outcome, String user, String ip, Instant time) {
    return login(outcome, user, ip, time, time);
  }
}
