package dev.vigil.playbook.model;

import java.util.List;
import java.util.Map;

/**
 * A parsed playbook definition.
 *
 * @param key stable identifier, e.g. {@code contain-ssh-brute-force}
 * @param title human title
 * @param description longer text, may be null
 * @param inputs JSON Schema of the run inputs, as plain Java values (may be null)
 * @param steps the top-level steps in order
 * @param outputs templated values computed when the run succeeds
 * @param rollbackOnFailure when true, a failed run runs the {@code undo} of completed steps
 */
public record Playbook(
    String key,
    String title,
    String description,
    Map<String, Object> inputs,
    List<Step> steps,
    Map<String, Object> outputs,
    boolean rollbackOnFailure) {

  public Playbook {
    steps = List.copyOf(steps);
    outputs = outputs == null ? Map.of() : outputs;
  }
}
