package dev.vigil.activities.intel;

import dev.vigil.activities.system.ActionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's request budget per connection (VirusTotal's free tier: four a minute): a lookup
 * beyond it is not sent but fails with {@link IntelHttp#UNAVAILABLE} and the wait until a request
 * is free again, so Temporal retries it then — the run waits its turn instead of failing.
 */
final class RateGate {

  static final Duration WINDOW = Duration.ofMinutes(1);

  private final Clock clock;
  private final Map<String, Deque<Long>> sent = new ConcurrentHashMap<>();

  RateGate(Clock clock) {
    this.clock = clock;
  }

  /** Takes one request of {@code perMinute} under {@code key}, or throws with the wait. */
  void take(String key, int perMinute, String provider) {
    Deque<Long> times = sent.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      long now = clock.millis();
      while (!times.isEmpty() && now - times.peekFirst() >= WINDOW.toMillis()) {
        times.removeFirst();
      }
      if (times.size() >= perMinute) {
        Duration wait = Duration.ofMillis(WINDOW.toMillis() - (now - times.peekFirst()) + 1);
        throw new ActionException(
                IntelHttp.UNAVAILABLE,
                provider
                    + " allows "
                    + perMinute
                    + " lookups a minute; waiting "
                    + wait.toSeconds()
                    + " s for the next")
            .retryAfter(wait);
      }
      times.addLast(now);
    }
  }
}
