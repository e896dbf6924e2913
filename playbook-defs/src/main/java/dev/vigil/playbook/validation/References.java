package dev.vigil.playbook.validation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule that an expression reads only steps that can have run before it — and, when it does not
 * hold, why (a branch, a loop body, a parallel branch, a guard) and what it may read instead.
 */
final class References {

  private static final Set<String> STEP_ATTRIBUTES = Set.of("output", "status", "outcome", "error");

  private final Map<String, Placed> byId;
  private final List<Finding> out;

  References(Map<String, Placed> byId, List<Finding> out) {
    this.byId = byId;
    this.out = out;
  }

  void check(String id, Set<String> attrs, String pointer, List<Frame> at, boolean allowSelf) {
    for (String a : attrs) {
      if (!a.isEmpty() && !STEP_ATTRIBUTES.contains(a)) {
        out.add(
            Finding.error(
                pointer,
                "steps." + id + " has no attribute '" + a + "'",
                "use output, status, outcome or error"));
      }
    }
    Placed ref = byId.get(id);
    if (ref == null) {
      out.add(
          Finding.error(
              pointer,
              "refers to steps." + id + " but there is no step with id '" + id + "'",
              closestId(id)));
      return;
    }
    List<Frame> fr = ref.frames();
    int j = 0;
    while (j < fr.size() && j < at.size() && fr.get(j).samePlace(at.get(j))) {
      j++;
    }
    String name = "'" + id + "'";
    if (at.isEmpty()) {
      // playbook outputs: evaluated after every step
    } else if (j == fr.size()) {
      boolean self = fr.size() == at.size();
      boolean inOwnHandler =
          !self
              && at.get(fr.size()).kind() == ListKind.HANDLER
              && at.get(fr.size()).listId().equals(ref.step().pointer() + "/onError");
      if (self && allowSelf || inOwnHandler) {
        return;
      }
      out.add(
          Finding.error(
              pointer,
              self
                  ? "refers to its own step "
                      + name
                      + ", which has not finished when this is evaluated"
                  : "refers to the enclosing step "
                      + name
                      + ", which has not finished when this is evaluated",
              "a step can only read steps that finished before it"));
      return;
    } else if (j == at.size()) {
      out.add(
          Finding.error(
              pointer,
              "refers to step "
                  + name
                  + " nested inside this step; it has not run when this is evaluated",
              "read it in a later step"));
      return;
    } else if (fr.get(j).listId().equals(at.get(j).listId())) {
      if (fr.get(j).index() > at.get(j).index()) {
        out.add(
            Finding.error(
                pointer,
                "refers to step " + name + ", which runs later (" + ref.step().pointer() + ")",
                "a step can only read steps that run before it"));
        return;
      }
    } else {
      ListKind rk = fr.get(j).kind();
      ListKind lk = at.get(j).kind();
      String container = "'" + fr.get(j - 1).step().id() + "'";
      if (isParallel(rk) && isParallel(lk)) {
        out.add(
            Finding.error(
                pointer,
                "refers to step "
                    + name
                    + " in a sibling branch of parallel step "
                    + container
                    + "; the branches run at the same time",
                "read it after the parallel step"));
        return;
      }
      if (rk == ListKind.BRANCH && lk == ListKind.BRANCH) {
        out.add(
            Finding.error(
                pointer,
                "refers to step "
                    + name
                    + " in another branch of "
                    + container
                    + "; the two never both run",
                "read it after " + container));
        return;
      }
      if (rk == ListKind.HANDLER) {
        out.add(
            Finding.error(
                pointer,
                "refers to step " + name + ", which runs only after " + container + " has failed",
                "read it after " + container));
        return;
      }
    }
    String why = skipReason(fr, Math.min(j, fr.size() - 1));
    boolean readsValue = attrs.contains("") || attrs.contains("output") || attrs.contains("error");
    if (why != null && readsValue) {
      out.add(
          Finding.warning(
              pointer,
              "steps." + id + " may not have run (" + why + "); its output is null then",
              "check steps." + id + ".status first"));
    }
  }

  private boolean isParallel(ListKind k) {
    return k == ListKind.PARALLEL_ALL || k == ListKind.PARALLEL_ANY;
  }

  /** Why the step at the end of {@code fr} may not have run, looking below depth {@code from}. */
  private String skipReason(List<Frame> fr, int from) {
    for (int k = from; k < fr.size(); k++) {
      Frame f = fr.get(k);
      if (k > from) {
        String parent = "'" + fr.get(k - 1).step().id() + "'";
        switch (f.kind()) {
          case BRANCH -> {
            return "it is inside a branch of " + parent;
          }
          case LOOP -> {
            return "it is inside loop "
                + parent
                + ", whose iterations keep their steps' results to themselves (outside the loop"
                + " it stays pending); read "
                + parent.replace("'", "")
                + "'s output (each iteration's last step output) instead";
          }
          case PARALLEL_ANY -> {
            return "it is in a branch of "
                + parent
                + ", which is cancelled when another branch wins";
          }
          case HANDLER -> {
            return "it runs only when " + parent + " fails";
          }
          default -> {}
        }
      }
      if (f.step().when() != null) {
        return "'" + f.step().id() + "' is guarded by when";
      }
    }
    return null;
  }

  private String closestId(String id) {
    return byId.keySet().stream()
        .min(Comparator.comparingInt(k -> Spelling.distance(k, id)))
        .filter(k -> Spelling.distance(k, id) <= 3)
        .map(k -> "did you mean steps." + k + "?")
        .orElse("step ids: " + String.join(", ", byId.keySet()));
  }
}
