package dev.vigil.workflows.incident;

import dev.vigil.playbook.model.Durations;
import dev.vigil.workflows.incident.IncidentSnapshot.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident's checklist, from its template; remembers whether it changed since the store saw it.
 */
final class CaseTasks {

  private final List<Task> tasks;
  private boolean changed;

  private CaseTasks(List<Task> tasks, boolean changed) {
    this.tasks = new ArrayList<>(tasks);
    this.changed = changed;
  }

  /** The template's tasks of an incident opened at {@code now}, all open, due after it. */
  static CaseTasks open(List<IncidentPolicy.TaskSpec> specs, long now) {
    List<Task> tasks = new ArrayList<>();
    for (IncidentPolicy.TaskSpec t : specs) {
      tasks.add(
          new Task(
              t.id(),
              t.title(),
              t.mandatory(),
              t.playbook(),
              "open",
              null,
              t.due() == null
                  ? null
                  : IncidentCase.iso(now + Durations.require(t.due()).toMillis())));
    }
    return new CaseTasks(tasks, !tasks.isEmpty());
  }

  static CaseTasks restore(List<Task> tasks) {
    return new CaseTasks(tasks, false);
  }

  /** Applies {@code r} (null fields stay, empty ones clear); returns the task after it, or null. */
  Task update(IncidentRequests.UpdateTask r) {
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      if (t.id().equals(r.taskId())) {
        Task u =
            new Task(
                t.id(),
                t.title(),
                t.mandatory(),
                t.playbook(),
                r.status() == null ? t.status() : r.status(),
                r.assignee() == null
                    ? t.assignee()
                    : (r.assignee().isEmpty() ? null : r.assignee()),
                r.due() == null ? t.due() : (r.due().isEmpty() ? null : r.due()));
        tasks.set(i, u);
        changed = true;
        return u;
      }
    }
    return null;
  }

  List<Task> list() {
    return List.copyOf(tasks);
  }

  boolean changed() {
    return changed;
  }

  /** Every task when they changed since the last call, else null. */
  List<Task> drain() {
    List<Task> out = changed ? List.copyOf(tasks) : null;
    changed = false;
    return out;
  }
}
