package dev.vigil.playbook.model;

import java.util.List;

/**
 * What a step failure does: {@code fail} the enclosing scope (default), {@code continue} with the
 * next step, or run {@code handler} steps and then continue.
 */
public record OnError(Mode mode, List<Step> handler) {

  public static final OnError FAIL = new OnError(Mode.FAIL, List.of());
  public static final OnError CONTINUE = new OnError(Mode.CONTINUE, List.of());

  public OnError {
    handler = handler == null ? List.of() : List.copyOf(handler);
  }

  public enum Mode {
    FAIL,
    CONTINUE,
    HANDLE
  }
}
