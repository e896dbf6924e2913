package dev.vigil.api.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id — the caller's {@code X-Request-Id} when it is a sane token, else a new
 * one — returned in the response's {@code X-Request-Id} and put in the log context ({@code
 * requestId}), with the tenant once the caller is known ({@link #tenant}), so one request's log
 * lines can be found together.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestIdFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    String given = req.getHeader(HEADER);
    String id =
        given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    res.setHeader(HEADER, id);
    MDC.put("requestId", id);
    try {
      chain.doFilter(req, res);
    } finally {
      MDC.remove("requestId");
      MDC.remove("tenant");
    }
  }

  /** Adds the caller's tenant to the log context of the request being handled. */
  public static void tenant(String tenant) {
    MDC.put("tenant", tenant);
  }
}
