package dev.vigil.workflows.playbook;

import dev.vigil.workflows.projection.RunEvent;
import dev.vigil.workflows.projection.RunProjectionActivities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records the projection events runs emit (the real writer lives in the activities module). */
final class RecordingProjection implements RunProjectionActivities {

  final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void apply(RunEvent event) {
    events.add(event);
  }

  List<RunEvent> of(String runId) {
    synchronized (events) {
      return events.stream().filter(e -> e.runId().equals(runId)).toList();
    }
  }
}
