package dev.vigil.workflows.playbook.engine;

import java.util.Map;

/** A compensation recorded when a step with {@code undo} completed, resolved at that moment. */
public record UndoEntry(String stepId, String action, Map<String, Object> with, String pointer) {}
