package dev.vigil.api.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  final AtomicLong now = new AtomicLong();
  final RateLimiter limiter =
      new RateLimiter("sign-in attempts", 3, Duration.ofMinutes(1), now::get);

  @Test
  void allowsTheCapacityThenAsksToWaitUntilOneCallIsRefilled() {
    limiter.acquire("10.0.0.1");
    limiter.acquire("10.0.0.1");
    limiter.acquire("10.0.0.1");
    assertThatThrownBy(() -> limiter.acquire("10.0.0.1"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(20);
              assertThat(e.getMessage()).contains("too many sign-in attempts");
            });
    limiter.acquire("10.0.0.2"); // other keys have their own bucket
    now.addAndGet(Duration.ofSeconds(20).toNanos());
    limiter.acquire("10.0.0.1");
    assertThatThrownBy(() -> limiter.acquire("10.0.0.1")).isInstanceOf(ApiException.class);
  }
}
