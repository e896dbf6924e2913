package dev.vigil.activities.connection;

import dev.vigil.activities.system.ActionException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP transport of a connector: TLS trust from the connection ({@link TlsTrust}), no
 * redirects, and retries of {@code 429}, {@code 5xx}, timeouts and refused connections with
 * exponential backoff (doubling from {@code firstBackoff}, at most 8 s, {@code Retry-After}
 * honoured up to 30 s). Every other answer is the caller's to read.
 */
public final class RetryingHttp {

  private static final Logger log = LoggerFactory.getLogger(RetryingHttp.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  /** Sleeps between retries; tests replace it. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
  }

  /**
   * The failure types a connector reports.
   *
   * @param unavailable the service did not answer usefully after every attempt (retryable)
   * @param tls the TLS handshake failed (not retryable: the trust is wrong)
   */
  public record FailureTypes(String unavailable, String tls) {}

  private final HttpClient http;
  private final URI base;
  private final boolean customCa;
  private final Sleeper sleeper;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final FailureTypes failures;

  public RetryingHttp(
      URI base,
      boolean verifyTls,
      String caPem,
      Duration connectTimeout,
      Sleeper sleeper,
      int maxAttempts,
      Duration firstBackoff,
      FailureTypes failures) {
    this.base = base;
    this.customCa = caPem != null;
    this.sleeper = sleeper;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
    this.failures = failures;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
    if ("https".equalsIgnoreCase(base.getScheme())) {
      b.sslContext(TlsTrust.context(verifyTls, caPem));
    }
    this.http = b.build();
  }

  /**
   * Sends the request {@code request} builds (again for every attempt).
   *
   * @param what the call, for messages ({@code GET /agents})
   * @param reason turns an error body into text for messages (the service's problem details)
   */
  public HttpResponse<String> send(
      Supplier<HttpRequest> request,
      String what,
      java.util.function.Function<String, String> reason) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      String problem;
      Duration wait = backoff;
      try {
        HttpResponse<String> r = http.send(request.get(), HttpResponse.BodyHandlers.ofString());
        int s = r.statusCode();
        if (s != 429 && s < 500) {
          return r;
        }
        problem = "HTTP " + s + reason.apply(r.body());
        wait = retryAfter(r).orElse(backoff);
        if (attempt >= maxAttempts) {
          throw new Unavailable(
              failures.unavailable(),
              s,
              what + " failed after " + attempt + " attempts: " + problem);
        }
      } catch (SSLException e) {
        throw tls(e);
      } catch (IOException e) {
        if (e.getCause() instanceof SSLException ssl) {
          throw tls(ssl);
        }
        problem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (attempt >= maxAttempts) {
          throw new ActionException(
              failures.unavailable(),
              what + " to " + base + " failed after " + attempt + " attempts: " + problem,
              e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActionException(failures.unavailable(), what + " interrupted", e);
      }
      log.info(
          "{} to {}: {}; retrying in {} ms (attempt {})",
          what,
          base,
          problem,
          wait.toMillis(),
          attempt);
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActionException(failures.unavailable(), what + " interrupted", e);
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /** The service kept answering 429 or 5xx: {@link #status} is its last answer. */
  public static final class Unavailable extends ActionException {
    private final int status;

    Unavailable(String type, int status, String message) {
      super(type, message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private ActionException tls(SSLException e) {
    return new ActionException(
        failures.tls(),
        "TLS with "
            + base
            + " failed: "
            + e.getMessage()
            + (customCa ? "" : " (set caCert to the CA that signed the server's certificate)"),
        e);
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> r) {
    return r.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(
                    Duration.ofSeconds(Math.min(30, Math.max(0, Long.parseLong(v.trim())))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
