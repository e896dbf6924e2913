package dev.vigil.api.event;

import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.api.system.QueryParams;
import dev.vigil.detections.event.Vocabulary;
import dev.vigil.store.event.EventQuery;
import dev.vigil.store.event.EventReads;
import dev.vigil.store.system.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;

/** {@code GET /api/v1/events}: the search, newest first, optionally as ECS or OCSF. */
@Service
public class EventSearch {

  private final EventReads reads;

  public EventSearch(EventReads reads) {
    this.reads = reads;
  }

  /** The query parameters as received. */
  public record Params(
      String from,
      String to,
      String category,
      String type,
      String outcome,
      String user,
      String ip,
      String q,
      String as,
      Integer limit,
      String cursor) {}

  public PageView<Map<String, Object>> search(Actor actor, Params p) {
    Instant from = QueryParams.instant("from", p.from());
    Instant to = QueryParams.instant("to", p.to());
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("/to", "to must be after from");
    }
    if (p.category() != null && !Vocabulary.CATEGORIES.contains(p.category())) {
      throw ApiException.invalid("/category", "category must be one of " + Vocabulary.CATEGORIES);
    }
    if (p.outcome() != null && !Vocabulary.OUTCOMES.contains(p.outcome())) {
      throw ApiException.invalid("/outcome", "outcome must be one of " + Vocabulary.OUTCOMES);
    }
    if (p.q() != null && p.q().length() > 500) {
      throw ApiException.invalid("/q", "q must be at most 500 characters");
    }
    UnaryOperator<Map<String, Object>> view = view(p.as());
    Page<Map<String, Object>> page =
        reads.search(
            actor.tenant(),
            new EventQuery(
                from,
                to,
                p.category(),
                p.type(),
                p.outcome(),
                p.user(),
                p.ip(),
                blankToNull(p.q()),
                PageLimits.of(p.limit()),
                p.cursor()));
    return PageView.of(page, view);
  }

  private static UnaryOperator<Map<String, Object>> view(String as) {
    if (as == null || as.equals("vigil")) {
      return e -> e;
    }
    return switch (as) {
      case "ecs" -> EventTranslations::ecs;
      case "ocsf" -> EventTranslations::ocsf;
      default ->
          throw ApiException.invalid("/as", "as must be one of " + List.of("vigil", "ecs", "ocsf"));
    };
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
