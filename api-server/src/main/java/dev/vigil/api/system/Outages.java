package dev.vigil.api.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When PostgreSQL or Temporal does not answer, the API says so — 503 with {@code Retry-After} —
 * instead of a 500, wherever the failure surfaced: in an endpoint ({@link ProblemHandler}) or
 * before one, while authenticating an API key (this filter). Nothing is half-written: the
 * transaction that failed rolled back, so a client that retries loses nothing. Recovery needs no
 * restart: the connection pool and the Temporal channel reconnect on their own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class Outages extends OncePerRequestFilter {

  /** Seconds a client should wait before retrying. */
  public static final long RETRY_AFTER_SECONDS = 5;

  private static final Logger log = LoggerFactory.getLogger(Outages.class);
  private final ObjectMapper json;

  public Outages(ObjectMapper json) {
    this.json = json;
  }

  /** The dependency a failure says is down ("PostgreSQL", "Temporal"), or null. */
  public static String unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof org.springframework.dao.DataAccessResourceFailureException
          || t instanceof org.springframework.transaction.CannotCreateTransactionException
          || t instanceof org.springframework.dao.TransientDataAccessResourceException
          || t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException) {
        return "PostgreSQL";
      }
      if (t instanceof org.springframework.transaction.TransactionSystemException tse
          && (tse.getCause() instanceof java.sql.SQLException
              || unavailable(tse.getApplicationException()) != null)) {
        return "PostgreSQL"; // the rollback failed too: the connection is gone
      }
      if (t instanceof java.sql.SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) {
        return "PostgreSQL"; // connection exception class
      }
      if (t instanceof io.grpc.StatusRuntimeException g
          && (g.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
              || g.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED)) {
        return "Temporal";
      }
    }
    return null;
  }

  /** The problem answered for an outage of {@code what}. */
  public static ApiException problem(String what) {
    return ApiException.unavailable(
        what + " is not reachable; retry in " + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(req, res);
    } catch (ServletException | RuntimeException e) {
      String what = unavailable(e);
      if (what == null || res.isCommitted()) {
        throw e;
      }
      log.warn("{} unavailable while handling {} {}", what, req.getMethod(), req.getRequestURI());
      res.resetBuffer();
      res.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
      res.setHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
      res.setContentType("application/problem+json");
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", ProblemHandler.TYPE_BASE + "unavailable");
      body.put("title", "Service Unavailable");
      body.put("status", 503);
      body.put("detail", problem(what).getMessage());
      json.writeValue(res.getOutputStream(), body);
    }
  }
}
