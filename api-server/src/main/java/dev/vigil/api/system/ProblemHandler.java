package dev.vigil.api.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.vigil.store.system.Cursors;
import dev.vigil.store.system.SqlErrors;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error is an RFC 7807 {@code application/problem+json}: user mistakes get 4xx with a JSON
 * Pointer to the bad field in {@code errors}; only our own bugs are 500s, and they never show a
 * stack trace or SQL.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
  public static final String TYPE_BASE = "https://vigil.dev/problems/";

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e) {
    ResponseEntity<Object> r = problem(e.status(), e.type(), e.getMessage(), e.errors());
    if (r.getBody() instanceof ProblemDetail pd) {
      e.properties().forEach(pd::setProperty);
    }
    if (e.retryAfterSeconds() == null) {
      return r;
    }
    return ResponseEntity.status(r.getStatusCode())
        .headers(r.getHeaders())
        .header(org.springframework.http.HttpHeaders.RETRY_AFTER, e.retryAfterSeconds().toString())
        .body(r.getBody());
  }

  @ExceptionHandler({Cursors.InvalidCursorException.class})
  ResponseEntity<Object> cursor(Cursors.InvalidCursorException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "bad-request",
        e.getMessage(),
        List.of(new ApiException.FieldError("/cursor", e.getMessage(), null)));
  }

  /** An upload over the installation's ceiling (vigil.files.max-upload-bytes). */
  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      org.springframework.web.multipart.MaxUploadSizeExceededException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "file-too-large",
        "the upload is larger than this installation accepts"
            + (e.getMaxUploadSize() > 0 ? " (" + e.getMaxUploadSize() + " bytes)" : ""),
        null);
  }

  /** A body that is not the multipart form an upload needs. */
  @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
  ResponseEntity<Object> notMultipart(org.springframework.web.multipart.MultipartException e) {
    return problem(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "validation",
        "the body must be multipart/form-data with the file in a part named 'file'",
        List.of(new ApiException.FieldError("/file", "no readable multipart file", null)));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> parameter(MethodArgumentTypeMismatchException e) {
    String msg = "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'";
    return problem(
        HttpStatus.BAD_REQUEST,
        "bad-request",
        msg,
        List.of(new ApiException.FieldError("/" + e.getName(), msg, null)));
  }

  /** Logged without request data: an SQL error is logged as {@link SqlErrors#redacted}. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e) {
    String down = Outages.unavailable(e);
    if (down != null) {
      log.warn("{} unavailable: {}", down, e.getClass().getSimpleName());
      return api(Outages.problem(down));
    }
    log.error("unexpected error", SqlErrors.redacted(e));
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal",
        "internal error; the server log has the details",
        null);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = ex.getCause();
    if (cause instanceof UnrecognizedPropertyException u) {
      String pointer = pointer(u);
      String msg = "unknown field '" + u.getPropertyName() + "'";
      String known =
          u.getKnownPropertyIds() == null
              ? ""
              : u.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", "));
      return problem(
          HttpStatus.BAD_REQUEST,
          "unknown-field",
          msg,
          List.of(
              new ApiException.FieldError(
                  pointer, msg, known.isEmpty() ? null : "known fields: " + known)));
    }
    if (cause instanceof JsonMappingException m) {
      String msg = "value at " + pointer(m) + " has the wrong type: " + m.getOriginalMessage();
      return problem(
          HttpStatus.BAD_REQUEST,
          "bad-request",
          msg,
          List.of(new ApiException.FieldError(pointer(m), msg, null)));
    }
    if (cause instanceof JsonProcessingException p) {
      var loc = p.getLocation();
      String msg =
          "request body is not valid JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + p.getOriginalMessage();
      return problem(
          HttpStatus.BAD_REQUEST,
          "malformed-json",
          msg,
          List.of(new ApiException.FieldError("", msg, null)));
    }
    return problem(
        HttpStatus.BAD_REQUEST, "malformed-json", "request body is missing or unreadable", null);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String msg = "parameter '" + ex.getParameterName() + "' is required";
    return problem(
        HttpStatus.BAD_REQUEST,
        "bad-request",
        msg,
        List.of(new ApiException.FieldError("/" + ex.getParameterName(), msg, null)));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    // Spring's own errors (404, 405, 406, 415 …) come as ProblemDetail; give them our type URI.
    if (body instanceof ProblemDetail pd
        && (pd.getType() == null || "about:blank".equals(pd.getType().toString()))) {
      pd.setType(URI.create(TYPE_BASE + slug(status)));
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private static String slug(HttpStatusCode status) {
    HttpStatus s = HttpStatus.resolve(status.value());
    return s == null ? "error" : s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String pointer(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      sb.append('/')
          .append(
              r.getFieldName() != null
                  ? r.getFieldName().replace("~", "~0").replace("/", "~1")
                  : String.valueOf(r.getIndex()));
    }
    return sb.toString();
  }

  public static ResponseEntity<Object> problem(
      HttpStatus status, String type, String detail, List<ApiException.FieldError> errors) {
    ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
    pd.setType(URI.create(TYPE_BASE + type));
    pd.setTitle(status.getReasonPhrase());
    if (errors != null && !errors.isEmpty()) {
      pd.setProperty("errors", errors.stream().map(ProblemHandler::asMap).toList());
    }
    return ResponseEntity.status(status)
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(pd);
  }

  private static Map<String, Object> asMap(ApiException.FieldError f) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("pointer", f.pointer());
    m.put("message", f.message());
    if (f.hint() != null) {
      m.put("hint", f.hint());
    }
    return m;
  }
}
