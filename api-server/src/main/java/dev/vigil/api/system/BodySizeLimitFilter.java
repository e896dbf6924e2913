package dev.vigil.api.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code vigil.api.max-body-bytes} (event batches: {@code
 * vigil.api.ingest-max-body-bytes}; uploads: {@code vigil.files.max-upload-bytes}) with a 413
 * problem.
 */
@Component
public class BodySizeLimitFilter extends OncePerRequestFilter {

  static final String EVENTS_PATH = "/api/v1/events";
  static final String FILES_PATH = "/api/v1/files";

  private final ApiProperties props;
  private final long maxUploadBytes;
  private final com.fasterxml.jackson.databind.ObjectMapper mapper;

  public BodySizeLimitFilter(
      ApiProperties props,
      dev.vigil.store.file.FileStoreProperties files,
      com.fasterxml.jackson.databind.ObjectMapper mapper) {
    this.props = props;
    this.maxUploadBytes = files.maxUploadBytes() + MULTIPART_OVERHEAD;
    this.mapper = mapper;
  }

  /** Room for a multipart body's boundaries, headers and tags around the file itself. */
  static final long MULTIPART_OVERHEAD = 64 * 1024;

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    long length = req.getContentLengthLong();
    boolean post = "POST".equals(req.getMethod());
    long limit =
        post && EVENTS_PATH.equals(req.getRequestURI())
            ? props.ingestMaxBodyBytes()
            : post && FILES_PATH.equals(req.getRequestURI())
                ? maxUploadBytes // the tenant's own maximum is checked while the file streams in
                : props.maxBodyBytes();
    boolean chunked = length < 0 && "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
    if (length > limit || chunked && !"GET".equals(req.getMethod())) {
      ResponseEntity<Object> p =
          ProblemHandler.problem(
              HttpStatus.PAYLOAD_TOO_LARGE,
              "payload-too-large",
              chunked
                  ? "request bodies must declare Content-Length"
                  : "request body of "
                      + length
                      + " bytes is larger than the limit of "
                      + limit
                      + " bytes",
              null);
      res.setStatus(p.getStatusCode().value());
      res.setContentType("application/problem+json");
      mapper.writeValue(res.getOutputStream(), p.getBody());
      return;
    }
    chain.doFilter(req, res);
  }
}
