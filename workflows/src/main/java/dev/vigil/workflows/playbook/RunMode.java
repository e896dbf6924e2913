package dev.vigil.workflows.playbook;

import com.fasterxml.jackson.annotation.JsonValue;

/** live executes every action; dry_run executes only read actions and previews the rest. */
public enum RunMode {
  LIVE("live"),
  DRY_RUN("dry_run");

  private final String key;

  RunMode(String key) {
    this.key = key;
  }

  @JsonValue
  public String key() {
    return key;
  }
}
