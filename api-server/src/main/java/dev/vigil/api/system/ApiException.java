package dev.vigil.api.system;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The one exception hierarchy of the API; {@link ProblemHandler} turns it into RFC 7807 problems.
 * {@code errors} point at the bad fields of the request (JSON Pointers).
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;
  private final java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

  public ApiException(HttpStatus status, String type, String detail, List<FieldError> errors) {
    this(status, type, detail, errors, null);
  }

  private ApiException(
      HttpStatus status, String type, String detail, List<FieldError> errors, Long retryAfter) {
    super(detail);
    this.status = status;
    this.type = type;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfter;
  }

  /** Adds a member to the problem body (e.g. the statuses a transition may go to). */
  public ApiException with(String name, Object value) {
    properties.put(name, value);
    return this;
  }

  /** Extra members of the problem body. */
  public java.util.Map<String, Object> properties() {
    return java.util.Collections.unmodifiableMap(properties);
  }

  /** Seconds the client should wait before trying again (the Retry-After header), or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public HttpStatus status() {
    return status;
  }

  /** Short problem type, e.g. {@code not-found}; the problem's type URI ends with it. */
  public String type() {
    return type;
  }

  public List<FieldError> errors() {
    return errors;
  }

  /** A bad field: where, what, and how to fix it. */
  public record FieldError(String pointer, String message, String hint) {}

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", detail, null);
  }

  public static ApiException conflict(String type, String detail) {
    return new ApiException(HttpStatus.CONFLICT, type, detail, null);
  }

  public static ApiException forbidden(String type, String detail) {
    return new ApiException(HttpStatus.FORBIDDEN, type, detail, null);
  }

  public static ApiException invalid(String detail, List<FieldError> errors) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation", detail, errors);
  }

  public static ApiException invalid(String pointer, String message) {
    return invalid(message, List.of(new FieldError(pointer, message, null)));
  }

  public static ApiException unauthenticated(String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", detail, null);
  }

  /** 429: a rate limit was hit. */
  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail, null, Math.max(1, retryAfterSeconds));
  }

  /** 423: the account is locked after repeated failed sign-ins. */
  public static ApiException locked(String detail, long retryAfterSeconds) {
    return new ApiException(
        HttpStatus.LOCKED, "locked", detail, null, Math.max(1, retryAfterSeconds));
  }

  /** 502: a service Vigil called for the caller (through a connection) refused or failed. */
  public static ApiException badGateway(String detail) {
    return new ApiException(HttpStatus.BAD_GATEWAY, "upstream-failed", detail, null);
  }

  public static ApiException unavailable(String detail) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, null);
  }

  /** 503 with Retry-After: a dependency (PostgreSQL, Temporal) does not answer. */
  public static ApiException unavailable(String detail, long retryAfterSeconds) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, null, retryAfterSeconds);
  }
}
