package dev.vigil.api.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach {@link ProblemHandler} are RFC 7807 problems with the security headers
 * too: those Tomcat answers before the application sees the request (an unsupported {@code
 * Transfer-Encoding}, a malformed request line) replace Tomcat's HTML error page ({@link Valve}),
 * and those the servlet container forwards to {@code /error} (a request the firewall rejects, an
 * exception in a filter) replace Spring Boot's JSON ({@link Controller}).
 */
@Component
public class TomcatErrors
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  /** After Spring Boot's own customizer, which adds Tomcat's ErrorReportValve to the host. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          StandardHost host = (StandardHost) context.getParent();
          for (org.apache.catalina.Valve v : host.getPipeline().getValves()) {
            if (v instanceof ErrorReportValve) {
              host.getPipeline().removeValve(v);
            }
          }
          // Tomcat adds a valve of this class at start unless the host has one already.
          host.setErrorReportValveClass(Valve.class.getName());
          host.getPipeline().addValve(new Valve());
        });
  }

  /** Tomcat's error report as a problem. */
  public static class Valve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable t) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      String reason = known == null ? "Error" : known.getReasonPhrase();
      String slug =
          known == null
              ? "error"
              : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      try {
        SecurityHeadersFilter.apply(response);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer w = response.getReporter();
        if (w != null) {
          w.write(
              "{\"type\":\""
                  + ProblemHandler.TYPE_BASE
                  + slug
                  + "\",\"title\":\""
                  + reason
                  + "\",\"status\":"
                  + status
                  + ",\"detail\":\"the server could not accept this request ("
                  + status
                  + " "
                  + reason
                  + ")\"}");
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone; nothing to tell it
      }
    }
  }

  /** What the servlet container forwards to {@code /error}, as a problem. */
  @RestController
  public static class Controller implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest req) {
      Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      HttpStatus status =
          code instanceof Integer c && HttpStatus.resolve(c) != null
              ? HttpStatus.valueOf(c)
              : HttpStatus.NOT_FOUND; // /error asked for directly
      String detail =
          status.is5xxServerError()
              ? "internal error; the server log has the details"
              : "the request was refused (" + status.value() + " " + status.getReasonPhrase() + ")";
      return ProblemHandler.problem(
          status, status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), detail, null);
    }
  }
}
