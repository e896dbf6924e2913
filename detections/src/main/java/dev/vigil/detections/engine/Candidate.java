package dev.vigil.detections.engine;

import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.DetectionRule;
import dev.vigil.detections.rule.DetectionRule.Distinct;
import dev.vigil.detections.rule.DetectionRule.Match;
import dev.vigil.detections.rule.DetectionRule.NewValue;
import dev.vigil.detections.rule.DetectionRule.OutsideHours;
import dev.vigil.detections.rule.DetectionRule.Sequence;
import dev.vigil.detections.rule.DetectionRule.Step;
import dev.vigil.detections.rule.DetectionRule.Threshold;
import dev.vigil.playbook.expression.Expressions;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event that passed a rule's filter and is a match for its kind: the value it contributes
 * ({@code distinct}, {@code new_value}) and the sequence steps it satisfies.
 */
record Candidate(String tag, List<Integer> steps) {

  /** Whether the event is a match of the rule's kind; null when it is not. */
  static final class Reader implements DetectionRule.Visitor<Candidate> {
    private final CompiledRule rule;
    private final Event event;
    private final Map<String, Object> doc;
    private final Map<String, Object> prepared;
    private final ZoneId tenantZone;
    private final DetectionEngine engine;

    Reader(
        CompiledRule rule,
        Event event,
        Map<String, Object> doc,
        Map<String, Object> prepared,
        ZoneId tenantZone,
        DetectionEngine engine) {
      this.rule = rule;
      this.event = event;
      this.doc = doc;
      this.prepared = prepared;
      this.tenantZone = tenantZone;
      this.engine = engine;
    }

    public Candidate match(Match k) {
      return new Candidate(null, List.of());
    }

    public Candidate threshold(Threshold k) {
      return new Candidate(null, List.of());
    }

    public Candidate distinct(Distinct k) {
      return tagged(k.field());
    }

    public Candidate newValue(NewValue k) {
      return tagged(k.field());
    }

    public Candidate outsideHours(OutsideHours k) {
      return OutsideHoursCheck.outside(k, event.time(), tenantZone)
          ? new Candidate(null, List.of())
          : null;
    }

    public Candidate sequence(Sequence k) {
      List<Integer> steps = new ArrayList<>(1);
      for (int i = 0; i < k.steps().size(); i++) {
        if (engine.test(rule, rule.stepFilters().get(i), prepared)) {
          steps.add(i);
        }
      }
      return steps.isEmpty() ? null : new Candidate(null, steps);
    }

    private Candidate tagged(String field) {
      Object v = Paths.get(doc, field);
      return v == null ? null : new Candidate(Expressions.toText(v), List.of());
    }
  }

  /** Adds the match to its group and answers the marks that make the group fire, or null. */
  static final class Firing implements DetectionRule.Visitor<List<Mark>> {
    private final GroupState g;
    private final Candidate c;
    private final long t;
    private final String id;
    private final long seen;
    private final long window;

    Firing(GroupState g, Candidate c, long t, String id, long seen, CompiledRule rule) {
      this.g = g;
      this.c = c;
      this.t = t;
      this.id = id;
      this.seen = seen;
      this.window = rule.window().toMillis();
    }

    private Mark mark(String tag) {
      return new Mark(t, id, seen, tag);
    }

    public List<Mark> match(Match k) {
      return List.of(mark(null));
    }

    public List<Mark> outsideHours(OutsideHours k) {
      return List.of(mark(null));
    }

    public List<Mark> newValue(NewValue k) {
      return List.of(mark(c.tag()));
    }

    public List<Mark> threshold(Threshold k) {
      g.add(mark(null));
      return Windows.threshold(g, t, window, k.count());
    }

    /**
     * A value counts at its latest sighting: the group keeps one mark per value (so its state is
     * bounded by the values, not the events), and a sighting older than the one kept adds nothing.
     */
    public List<Mark> distinct(Distinct k) {
      Mark now = mark(c.tag());
      for (int i = 0; i < g.marks.size(); i++) {
        Mark prev = g.marks.get(i);
        if (prev.tag().equals(now.tag())) {
          if (prev.compareTo(now) >= 0) {
            return null;
          }
          g.marks.remove(i);
          break;
        }
      }
      g.add(now);
      return Windows.distinct(g, t, window, k.count());
    }

    public List<Mark> sequence(Sequence k) {
      for (int i : c.steps()) {
        g.add(mark(Integer.toString(i)));
      }
      int[] counts = k.steps().stream().mapToInt(Step::count).toArray();
      return k.ordered()
          ? Windows.ordered(g, t, window, counts)
          : Windows.unordered(g, t, window, counts);
    }
  }
}
