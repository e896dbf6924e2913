package dev.vigil.api.event;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.Permission;
import dev.vigil.api.system.Requires;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ingest and search security events; the sources' health. */
@RestController
public class EventController {

  private final Ingest ingest;
  private final EventSearch search;
  private final Sources sources;

  public EventController(Ingest ingest, EventSearch search, Sources sources) {
    this.ingest = ingest;
    this.search = search;
    this.sources = sources;
  }

  @PostMapping("/api/v1/events")
  @Requires(Permission.EVENT_INGEST)
  public ResponseEntity<String> ingest(
      Actor actor,
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String year,
      @RequestParam(required = false) String timezone,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      HttpServletRequest request)
      throws IOException {
    MediaType type;
    try {
      type =
          request.getContentType() == null
              ? null
              : MediaType.parseMediaType(request.getContentType());
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    Ingest.Answer a =
        ingest.ingest(
            actor,
            new Ingest.Source(source, year, timezone),
            type,
            idempotencyKey,
            request.getInputStream());
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .contentType(MediaType.APPLICATION_JSON)
        .header("Idempotency-Replayed", Boolean.toString(a.replayed()))
        .body(a.json());
  }

  @GetMapping("/api/v1/events")
  @Requires(Permission.EVENT_READ)
  public PageView<Map<String, Object>> search(
      Actor actor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String user,
      @RequestParam(required = false) String ip,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String as,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return search.search(
        actor,
        new EventSearch.Params(from, to, category, type, outcome, user, ip, q, as, limit, cursor));
  }

  @GetMapping("/api/v1/sources")
  @Requires(Permission.EVENT_READ)
  public Map<String, List<Sources.SourceView>> sources(Actor actor) {
    return sources.list(actor);
  }
}
