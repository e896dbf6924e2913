package dev.vigil.api.system;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a client address, a user, a tenant): {@code capacity} calls at once,
 * refilled evenly over {@code period}. Kept in memory per API instance, so with N instances the
 * effective limit is up to N times higher — a deliberate trade for not writing to PostgreSQL on
 * every sign-in attempt.
 */
public final class RateLimiter {

  private final String what;
  private final int capacity;
  private final long periodNanos;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(String what, int capacity, Duration period) {
    this(what, capacity, period, System::nanoTime);
  }

  RateLimiter(String what, int capacity, Duration period, LongSupplier clock) {
    this.what = what;
    this.capacity = capacity;
    this.periodNanos = period.toNanos();
    this.clock = clock;
  }

  /** Takes one call from {@code key}'s bucket or throws a 429 with the seconds to wait. */
  public void acquire(String key) {
    long now = clock.getAsLong();
    if (buckets.size() > 100_000) {
      buckets.values().removeIf(b -> b.fullAt(now)); // forget idle keys
    }
    long waitNanos = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now);
    if (waitNanos > 0) {
      long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
      throw ApiException.tooManyRequests(
          "too many " + what + "; try again in " + seconds + " s", seconds);
    }
  }

  /** Takes one call from {@code key}'s bucket if there is one; false when it is empty. */
  public boolean tryAcquire(String key) {
    long now = clock.getAsLong();
    return buckets.computeIfAbsent(key, k -> new Bucket(capacity, now)).take(now) == 0;
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) ((1 - tokens) * periodNanos / capacity);
    }

    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + (double) (now - last) * capacity / periodNanos);
      last = now;
    }
  }
}
