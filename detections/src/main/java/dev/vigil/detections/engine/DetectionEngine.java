package dev.vigil.detections.engine;

import dev.vigil.detections.event.Event;
import dev.vigil.detections.rule.DetectionRule;
import dev.vigil.detections.rule.DetectionRule.NewValue;
import dev.vigil.detections.rule.RuleScope;
import dev.vigil.playbook.expression.ExpressionException;
import dev.vigil.playbook.expression.Expressions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The streaming evaluator of one tenant's rules, on event time (DESIGN §6.2). Feed it stored events
 * with {@link #process}; it answers with the alerts to open and the repeats to fold in.
 *
 * <p>Out-of-order events are placed by their time and every window containing them is checked, so a
 * log file from last year imported after today's traffic is detected on its own times. State is
 * bounded: a group forgets an event once the event is both outside the window of the group's newest
 * event and was ingested more than {@link #LATENESS} ago (ingest time is what advances; the engine
 * has no clock, so replaying the same events gives the same alerts), and every list has a cap.
 *
 * <p>Not thread-safe: one engine per tenant, fed by one consumer. {@link #drainDirty} hands the
 * changed groups to the caller, which stores them with the alerts and the stream position in one
 * transaction; {@link #restore} loads them back after a restart.
 */
public final class DetectionEngine {

  /** How long (in ingest time) events outside their window are still kept for late arrivals. */
  public static final Duration LATENESS = Duration.ofMinutes(10);

  /** Evidence event ids an opened alert carries. */
  public static final int EVIDENCE = 100;

  private static final long SWEEP_EVERY = Duration.ofMinutes(1).toMillis();

  private final String tenant;
  private final ZoneId tenantZone;
  private final Map<String, CompiledRule> rules = new LinkedHashMap<>();
  private final Map<String, RuleState> states = new HashMap<>();
  private final Map<String, RuleStats> stats = new HashMap<>();
  private final Set<GroupRef> dirty = new LinkedHashSet<>();
  private long now = Long.MIN_VALUE;
  private long lastSweep = Long.MIN_VALUE;

  /** A rule's state: its version, the time of the first event it saw, its groups. */
  public static final class RuleState {
    public int version;
    public Long firstEventAt;
    final Map<String, GroupState> groups = new HashMap<>();

    /** How many groups the rule remembers. */
    public int groupCount() {
      return groups.size();
    }
  }

  /** Counters per rule since the engine started. */
  public static final class RuleStats {
    public long matched;
    public long errors;
    public String lastError;
  }

  /** One group of one rule. */
  public record GroupRef(String ruleKey, String groupKey) {}

  /** A changed group: its state, or null when it was forgotten. */
  public record StateChange(String ruleKey, int ruleVersion, String groupKey, GroupState state) {}

  public DetectionEngine(String tenant, ZoneId tenantZone, List<CompiledRule> compiled) {
    this.tenant = tenant;
    this.tenantZone = tenantZone;
    for (CompiledRule r : compiled) {
      rules.put(r.key(), r);
      stats.put(r.key(), new RuleStats());
    }
  }

  public List<CompiledRule> rules() {
    return List.copyOf(rules.values());
  }

  public Map<String, RuleStats> stats() {
    return stats;
  }

  /**
   * Restores a rule's meta state (from the checkpoint); a state of another version is dropped, as a
   * new version may mean different groups.
   */
  public void restoreMeta(String ruleKey, int version, Long firstEventAt) {
    CompiledRule r = rules.get(ruleKey);
    if (r != null && r.version() == version) {
      RuleState s = state(r);
      s.firstEventAt = firstEventAt;
    }
  }

  /** Restores one group (from the checkpoint); ignored for rules that changed version. */
  public void restore(String ruleKey, int version, String groupKey, GroupState g) {
    CompiledRule r = rules.get(ruleKey);
    if (r != null && r.version() == version) {
      state(r).groups.put(groupKey, g);
    }
  }

  /** The rules' meta state, for the checkpoint: rule key → state. */
  public Map<String, RuleState> meta() {
    Map<String, RuleState> out = new LinkedHashMap<>();
    for (CompiledRule r : rules.values()) {
      out.put(r.key(), state(r));
    }
    return out;
  }

  /** Groups changed since the last call, then forgets the list. */
  public List<StateChange> drainDirty() {
    List<StateChange> out = new ArrayList<>(dirty.size());
    for (GroupRef ref : dirty) {
      CompiledRule r = rules.get(ref.ruleKey());
      RuleState s = states.get(ref.ruleKey());
      out.add(
          new StateChange(
              ref.ruleKey(), r.version(), ref.groupKey(), s.groups.get(ref.groupKey())));
    }
    dirty.clear();
    return out;
  }

  /** Evaluates every rule on one stored event (with its id and ingest time). */
  public List<AlertChange> process(Event e) {
    List<AlertChange> out = new ArrayList<>(0);
    long seen = (e.ingestedAt() == null ? e.time() : e.ingestedAt()).toEpochMilli();
    now = Math.max(now, seen);
    Map<String, Object> doc = null;
    Map<String, Object> prepared = null;
    for (CompiledRule r : rules.values()) {
      if (doc == null) {
        doc = e.toMap();
      }
      if (r.filter() != null) {
        if (prepared == null) {
          prepared = Expressions.prepare(Map.of(RuleScope.EVENT, doc));
        }
        if (!test(r, r.filter(), prepared)) {
          continue;
        }
      }
      if (prepared == null && !r.stepFilters().isEmpty()) {
        prepared = Expressions.prepare(Map.of(RuleScope.EVENT, doc));
      }
      evaluate(r, e, doc, prepared, seen, out);
    }
    if (lastSweep == Long.MIN_VALUE) {
      lastSweep = now;
    } else if (now - lastSweep >= SWEEP_EVERY) {
      sweep();
      lastSweep = now;
    }
    return out;
  }

  private void evaluate(
      CompiledRule r,
      Event e,
      Map<String, Object> doc,
      Map<String, Object> prepared,
      long seen,
      List<AlertChange> out) {
    DetectionRule rule = r.rule();
    Map<String, Object> group = new LinkedHashMap<>();
    for (String path : rule.groupBy()) {
      Object v = Paths.get(doc, path);
      if (v == null) {
        return;
      }
      group.put(path, v);
    }
    Candidate c = rule.kind().accept(new Candidate.Reader(r, e, doc, prepared, tenantZone, this));
    if (c == null) {
      return;
    }
    stats.get(r.key()).matched++;
    RuleState rs = state(r);
    long t = e.time().toEpochMilli();
    if (rs.firstEventAt == null) {
      rs.firstEventAt = t;
    }
    String groupKey = GroupKeys.of(group);
    GroupState g = rs.groups.get(groupKey);
    if (g == null) {
      g = new GroupState();
      g.group = group;
      rs.groups.put(groupKey, g);
    }
    dirty.add(new GroupRef(r.key(), groupKey));
    g.maxTime = Math.max(g.maxTime, t);
    if (rule.kind() instanceof NewValue n) {
      if (g.values.contains(c.tag())) {
        return;
      }
      if (g.values.size() < GroupState.MAX_VALUES) {
        g.values.add(c.tag());
      }
      if (t < rs.firstEventAt + n.learning().toMillis()) {
        return;
      }
    }
    OpenAlert open = g.covering(t, rule.suppress().toMillis());
    if (open != null) {
      g.replace(open, open.fold(t, seen));
      out.add(new AlertChange.Folded(open.id(), e.time(), e.id()));
      return;
    }
    List<Mark> fired = rule.kind().accept(new Candidate.Firing(g, c, t, e.id(), seen, r));
    if (fired != null) {
      out.add(open(r, g, groupKey, fired, doc));
    }
    prune(r, g);
  }

  private AlertChange.Opened open(
      CompiledRule r, GroupState g, String groupKey, List<Mark> fired, Map<String, Object> doc) {
    g.marks.removeAll(new LinkedHashSet<>(fired));
    Mark first = fired.get(0);
    Mark last = fired.get(fired.size() - 1);
    long seenAt = fired.stream().mapToLong(Mark::seenAt).max().orElse(now);
    String id =
        UUID.nameUUIDFromBytes(
                String.join(
                        "\u001f",
                        tenant,
                        r.key(),
                        Integer.toString(r.version()),
                        groupKey,
                        first.id())
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    g.opened(new OpenAlert(id, first.time(), last.time(), seenAt));
    DetectionRule rule = r.rule();
    String entityKind = null;
    String entityValue = null;
    if (rule.entity() != null) {
      entityKind = rule.entity().kind();
      entityValue = entityValue(r, rule.entity().value(), doc);
    }
    List<String> ids = new ArrayList<>();
    Set<String> distinctIds = new LinkedHashSet<>();
    for (Mark m : fired) {
      distinctIds.add(m.id());
    }
    for (String i : distinctIds) {
      if (ids.size() == EVIDENCE) {
        break;
      }
      ids.add(i);
    }
    return new AlertChange.Opened(
        id,
        r.key(),
        r.version(),
        rule.title(),
        rule.severity().label(),
        rule.mitre(),
        entityKind,
        entityValue,
        g.group,
        Instant.ofEpochMilli(first.time()),
        Instant.ofEpochMilli(last.time()),
        ids,
        distinctIds.size());
  }

  String entityValue(CompiledRule r, String template, Map<String, Object> doc) {
    try {
      Object v = Expressions.evaluate(template, RuleScope.SCOPE, Map.of(RuleScope.EVENT, doc));
      return v == null ? null : Expressions.toText(v);
    } catch (ExpressionException ex) {
      failed(r, ex);
      return null;
    }
  }

  boolean test(CompiledRule r, String source, Map<String, Object> prepared) {
    try {
      return Expressions.testPrepared(source, RuleScope.SCOPE, prepared);
    } catch (ExpressionException ex) {
      failed(r, ex);
      return false;
    }
  }

  /** A rule whose expression fails on an event does not match it; the failure is counted. */
  private void failed(CompiledRule r, ExpressionException ex) {
    RuleStats s = stats.get(r.key());
    s.errors++;
    s.lastError = ex.getMessage();
  }

  private RuleState state(CompiledRule r) {
    RuleState s = states.get(r.key());
    if (s == null || s.version != r.version()) {
      s = new RuleState();
      s.version = r.version();
      states.put(r.key(), s);
    }
    return s;
  }

  /** Forgets what no window needs any more (see the class comment). */
  private void prune(CompiledRule r, GroupState g) {
    long cutoff = g.maxTime - r.window().toMillis();
    long staleSeen = now - LATENESS.toMillis();
    // Marks are sorted by time: when the first is inside the window, all are.
    if (!g.marks.isEmpty() && g.marks.get(0).time() <= cutoff) {
      g.marks.removeIf(m -> m.time() <= cutoff && m.seenAt() < staleSeen);
    }
    long suppress = r.rule().suppress().toMillis();
    g.open.removeIf(a -> a.last() + suppress < g.maxTime && a.seenAt() < staleSeen);
  }

  /**
   * Forgets groups nothing has touched for long: without new events a group's newest time stands
   * still, so ingest time stands in for event time — a mark goes once it was ingested longer ago
   * than its window (and {@link #LATENESS}), an open alert once its suppression has passed.
   */
  private void sweep() {
    for (CompiledRule r : rules.values()) {
      RuleState s = states.get(r.key());
      if (s == null) {
        continue;
      }
      long markHorizon = now - Math.max(r.window().toMillis(), LATENESS.toMillis());
      long openHorizon = now - Math.max(r.rule().suppress().toMillis(), LATENESS.toMillis());
      Iterator<Map.Entry<String, GroupState>> it = s.groups.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, GroupState> en = it.next();
        GroupState g = en.getValue();
        int before = g.marks.size() + g.open.size();
        prune(r, g);
        g.marks.removeIf(m -> m.seenAt() < markHorizon);
        g.open.removeIf(a -> a.seenAt() < openHorizon);
        if (g.isEmpty()) {
          it.remove();
          dirty.add(new GroupRef(r.key(), en.getKey()));
        } else if (g.marks.size() + g.open.size() != before) {
          dirty.add(new GroupRef(r.key(), en.getKey()));
        }
      }
    }
  }
}
