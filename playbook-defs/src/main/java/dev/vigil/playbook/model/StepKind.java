package dev.vigil.playbook.model;

import java.util.Arrays;
import java.util.Optional;

/** The ten step kinds; each step has exactly one of these keys. */
public enum StepKind {
  ACTION("action"),
  IF("if"),
  SWITCH("switch"),
  FOR_EACH("forEach"),
  PARALLEL("parallel"),
  APPROVAL("approval"),
  WAIT("wait"),
  PLAYBOOK("playbook"),
  SET("set"),
  FAIL("fail");

  private final String key;

  StepKind(String key) {
    this.key = key;
  }

  /** The JSON key that selects this kind. */
  public String key() {
    return key;
  }

  public static Optional<StepKind> fromKey(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }
}
