package dev.vigil.workflows.playbook.engine;

/** Thrown out of blocking host calls when the branch they run in is cancelled. */
public class Cancelled extends RuntimeException {
  public Cancelled(String message) {
    super(message, null, false, false);
  }
}
