package dev.vigil.workflows.playbook.engine;

import dev.vigil.workflows.playbook.ApprovalState;
import dev.vigil.workflows.playbook.StepError;
import dev.vigil.workflows.playbook.StepState;
import dev.vigil.workflows.playbook.StepStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mutable state of one step inside the engine; {@link #toState()} is what queries see. */
final class StepRecord {

  final String id;
  final String kind;
  StepStatus status = StepStatus.PENDING;
  String outcome;
  long attempts;
  Object output;
  StepError error;
  String startedAt;
  String endedAt;
  boolean simulated;
  Object input;

  /** The action activity recorded this step's end in the system of record. */
  boolean projected;

  ApprovalBox approval;

  StepRecord(String id, String kind) {
    this.id = id;
    this.kind = kind;
  }

  void start(String now) {
    status = StepStatus.RUNNING;
    outcome = null;
    attempts = 0;
    output = null;
    error = null;
    startedAt = now;
    endedAt = null;
    simulated = false;
    projected = false;
    approval = null;
  }

  /** Takes the state a loop slice reports for this step (the approval stays the run's). */
  void restore(StepState st) {
    status = st.status();
    outcome = st.outcome();
    attempts = st.attempts();
    output = st.output();
    error = st.error();
    startedAt = st.startedAt();
    endedAt = st.endedAt();
    simulated = st.simulated();
    input = st.input();
    projected = false;
  }

  void end(StepStatus s, String now) {
    status = s;
    endedAt = now;
  }

  /** The {@code steps.<id>} entry expressions read. */
  Map<String, Object> entry() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("output", output);
    e.put("status", status.key());
    e.put("outcome", outcome);
    e.put("error", error == null ? null : errorMap(error));
    return e;
  }

  static Map<String, Object> pendingEntry() {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("output", null);
    e.put("status", StepStatus.PENDING.key());
    e.put("outcome", null);
    e.put("error", null);
    return e;
  }

  static Map<String, Object> errorMap(StepError error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", error.type());
    m.put("message", error.message());
    m.put("pointer", error.pointer());
    return m;
  }

  StepState toState() {
    ApprovalState a = approval == null ? null : approval.toState();
    return new StepState(
        id, kind, status, outcome, attempts, output, error, startedAt, endedAt, simulated, a,
        input);
  }
}
