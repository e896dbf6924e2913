package dev.vigil.api.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.api.system.Actor;
import dev.vigil.api.system.ApiException;
import dev.vigil.api.system.PageLimits;
import dev.vigil.api.system.PageView;
import dev.vigil.playbook.json.Json;
import dev.vigil.playbook.validation.Finding;
import dev.vigil.playbook.validation.ValidationReport;
import dev.vigil.store.playbook.PlaybookRepository;
import dev.vigil.store.playbook.PlaybookSummary;
import dev.vigil.store.playbook.PlaybookVersion;
import dev.vigil.store.system.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Validate, publish and read playbooks. */
@Service
public class Playbooks {

  private final PlaybookRepository playbooks;
  private final PlaybookPublisher publisher;

  public Playbooks(PlaybookRepository playbooks, PlaybookPublisher publisher) {
    this.playbooks = playbooks;
    this.publisher = publisher;
  }

  /** The result of validating a definition. */
  public record ValidationView(
      boolean valid, List<FindingView> errors, List<FindingView> warnings) {}

  /** One finding. */
  public record FindingView(String pointer, String message, String hint) {
    static FindingView of(Finding f) {
      return new FindingView(f.pointer(), f.message(), f.hint());
    }
  }

  /** A published version. */
  public record VersionView(
      String key,
      int version,
      String title,
      String sha256,
      String publishedBy,
      Instant publishedAt,
      boolean created) {
    static VersionView of(PlaybookVersion v, boolean created) {
      return new VersionView(
          v.key(), v.version(), v.title(), v.sha256(), v.publishedBy(), v.publishedAt(), created);
    }
  }

  /** A version with its definition and the other versions of the key. */
  public record PlaybookView(
      String key,
      int version,
      String title,
      String sha256,
      String publishedBy,
      Instant publishedAt,
      JsonNode definition,
      List<Map<String, Object>> versions) {}

  public ValidationView validate(Actor actor, String definition) {
    return view(publisher.validator(actor.tenant()).validate(definition));
  }

  public VersionView publish(Actor actor, String definition) {
    PlaybookRepository.Published p = publisher.publish(actor, definition, false);
    return VersionView.of(p.version(), p.created());
  }

  public PageView<PlaybookSummary> list(Actor actor, Integer limit, String cursor) {
    Page<PlaybookSummary> page = playbooks.list(actor.tenant(), PageLimits.of(limit), cursor);
    return PageView.of(page);
  }

  public PlaybookView get(Actor actor, String key, Integer version) {
    PlaybookVersion v =
        playbooks
            .find(actor.tenant(), key, version)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        version == null
                            ? "no playbook '" + key + "'"
                            : "playbook '" + key + "' has no version " + version));
    List<Map<String, Object>> versions =
        playbooks.versions(actor.tenant(), key).stream()
            .map(
                o -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("version", o.version());
                  m.put("sha256", o.sha256());
                  m.put("publishedBy", o.publishedBy());
                  m.put("publishedAt", o.publishedAt());
                  return m;
                })
            .toList();
    try {
      return new PlaybookView(
          v.key(),
          v.version(),
          v.title(),
          v.sha256(),
          v.publishedBy(),
          v.publishedAt(),
          Json.parse(v.definition()),
          versions);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored definition of " + key + " is not JSON", e);
    }
  }

  private static ValidationView view(ValidationReport r) {
    return new ValidationView(
        r.valid(),
        r.errors().stream().map(FindingView::of).toList(),
        r.warnings().stream().map(FindingView::of).toList());
  }
}
