package dev.vigil.api.slack;

import dev.vigil.api.system.Public;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's Request URL for a connection's interactivity: {@code POST
 * /api/v1/slack/interactions/{publicId}}. Not signed in — Slack signs the request instead, and
 * nothing is done before its signature is verified.
 */
@RestController
public class SlackInteractionController {

  private final SlackInteractions service;

  public SlackInteractionController(SlackInteractions service) {
    this.service = service;
  }

  @PostMapping("/api/v1/slack/interactions/{publicId}")
  @Public
  public ResponseEntity<Void> interact(@PathVariable String publicId, HttpServletRequest request)
      throws IOException {
    // the raw body, kept by RawBodyFilter: the signature covers it byte for byte
    byte[] body = (byte[]) request.getAttribute(RawBodyFilter.ATTRIBUTE);
    if (body == null) {
      body = request.getInputStream().readAllBytes();
    }
    service.handle(
        publicId,
        request.getHeader("X-Slack-Request-Timestamp"),
        request.getHeader("X-Slack-Signature"),
        body);
    return ResponseEntity.ok().build();
  }
}
