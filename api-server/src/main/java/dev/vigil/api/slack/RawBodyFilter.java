package dev.vigil.api.slack;

import dev.vigil.api.identity.SecurityConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the raw body of Slack's interaction requests before anything else runs: Slack signs the
 * bytes, and a form body read as parameters by any filter would be gone from the input stream.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RawBodyFilter extends OncePerRequestFilter {

  /** The request attribute holding the body's bytes. */
  public static final String ATTRIBUTE = RawBodyFilter.class.getName();

  /** Slack's payloads are small; a larger body is not one of them. */
  static final int MAX = 64 * 1024;

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getServletPath().startsWith(SecurityConfiguration.SLACK_INTERACTIONS_PATH);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    byte[] body = request.getInputStream().readNBytes(MAX + 1);
    if (body.length > MAX) {
      response.sendError(413, "an interaction payload is at most 64 KiB");
      return;
    }
    request.setAttribute(ATTRIBUTE, body);
    chain.doFilter(request, response);
  }
}
