package dev.vigil.detections.rule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A parsed, valid detection rule (DESIGN §6.2). Build it with {@link RuleValidator}; the JSON
 * document stays the source of truth and is what is stored and published.
 *
 * @param filter a {@code ${{ … }}} template over {@code event}, or null for every event
 * @param groupBy dotted event paths whose values form the group
 * @param suppress how long after a group's last event further matches fold into its open alert
 * @param entity what the alert is about; its value is a template evaluated on the firing event
 */
public record DetectionRule(
    String key,
    String title,
    String description,
    Severity severity,
    List<String> mitre,
    String filter,
    List<String> groupBy,
    Kind kind,
    Duration suppress,
    Entity entity,
    boolean enabled) {

  public static final Duration DEFAULT_SUPPRESS = Duration.ofHours(1);

  public DetectionRule {
    mitre = List.copyOf(mitre);
    groupBy = List.copyOf(groupBy);
  }

  /** Alert severities, lowest first. */
  public enum Severity {
    INFO,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Severity of(String label) {
      return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** What the alert is about: {@code kind} and a value template. */
  public record Entity(String kind, String value) {}

  /** The rule kinds, each with its own parameters; dispatched with {@link Visitor}. */
  public sealed interface Kind {
    String name();

    <R> R accept(Visitor<R> v);
  }

  public interface Visitor<R> {
    R match(Match k);

    R threshold(Threshold k);

    R distinct(Distinct k);

    R newValue(NewValue k);

    R outsideHours(OutsideHours k);

    R sequence(Sequence k);
  }

  public record Match() implements Kind {
    public String name() {
      return "match";
    }

    public <R> R accept(Visitor<R> v) {
      return v.match(this);
    }
  }

  public record Threshold(int count, Duration window) implements Kind {
    public String name() {
      return "threshold";
    }

    public <R> R accept(Visitor<R> v) {
      return v.threshold(this);
    }
  }

  public record Distinct(String field, int count, Duration window) implements Kind {
    public String name() {
      return "distinct";
    }

    public <R> R accept(Visitor<R> v) {
      return v.distinct(this);
    }
  }

  public record NewValue(String field, Duration learning) implements Kind {
    public String name() {
      return "new_value";
    }

    public <R> R accept(Visitor<R> v) {
      return v.newValue(this);
    }
  }

  /**
   * @param zone the rule's timezone, or null for the tenant's
   * @param days days that count as outside hours all day
   */
  public record OutsideHours(LocalTime from, LocalTime to, ZoneId zone, Set<DayOfWeek> days)
      implements Kind {
    public OutsideHours {
      days = Set.copyOf(days);
    }

    public String name() {
      return "outside_hours";
    }

    public <R> R accept(Visitor<R> v) {
      return v.outsideHours(this);
    }
  }

  public record Sequence(List<Step> steps, Duration window, boolean ordered) implements Kind {
    public Sequence {
      steps = List.copyOf(steps);
    }

    public String name() {
      return "sequence";
    }

    public <R> R accept(Visitor<R> v) {
      return v.sequence(this);
    }
  }

  /** One step of a sequence: its own filter (on top of the rule's) and how many events. */
  public record Step(String name, String filter, int count) {}
}
