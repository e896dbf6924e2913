package dev.vigil.api.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins of usernames without a password account (unknown, or SSO only), counted the way
 * {@code UserRepository.recordFailedLogin} counts an account's: after {@code maxFailures} in a row
 * the name is "locked" for {@code lockFor}, and each failure after that locks it again. So a 423
 * does not tell a known username from an unknown one. Kept in memory, for the most recently tried
 * {@link #CAPACITY} names (older ones start again at zero).
 */
final class UnknownUserLockout {

  static final int CAPACITY = 10_000;

  private record Failures(int count, Instant lockedUntil) {}

  private final int maxFailures;
  private final Duration lockFor;

  private final Map<String, Failures> byName =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > CAPACITY;
        }
      };

  UnknownUserLockout(int maxFailures, Duration lockFor) {
    this.maxFailures = maxFailures;
    this.lockFor = lockFor;
  }

  /** Until when {@code username} is locked, or null when it is not. */
  synchronized Instant lockedUntil(String username, Instant now) {
    Failures f = byName.get(username);
    return f == null || f.lockedUntil() == null || !f.lockedUntil().isAfter(now)
        ? null
        : f.lockedUntil();
  }

  /** Counts a failure; returns until when the name is locked now, or null. */
  synchronized Instant recordFailure(String username, Instant now) {
    Failures before = byName.getOrDefault(username, new Failures(0, null));
    int count = before.count() + 1;
    Instant until = count >= maxFailures ? now.plus(lockFor) : before.lockedUntil();
    byName.put(username, new Failures(count, until));
    return until != null && until.isAfter(now) ? until : null;
  }
}
